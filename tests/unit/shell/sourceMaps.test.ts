/**
 * The packaged app carries and serves no source maps: the renderer's production build emits none,
 * electron-builder leaves any other *.map out, and the app:// protocol refuses to serve one.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import electronViteConfig from '../../../electron.vite.config';
import { appProtocolResponse } from '../../../main/app/appProtocol';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };

describe('source maps in the packaged app', () => {
  it('the production build of the renderer emits none', () => {
    const config = electronViteConfig as { renderer?: { build?: { sourcemap?: unknown } } };
    expect(config.renderer?.build).toBeDefined();
    expect(config.renderer?.build?.sourcemap ?? false).toBe(false);
  });

  it('electron-builder leaves every *.map out of the package', async () => {
    const builder = yaml.load(await readFile(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as {
      files: string[];
    };
    expect(builder.files).toContain('!**/*.map');
  });

  describe('app://', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'pam-maps-'));
      await mkdir(path.join(dir, 'renderer', 'assets'), { recursive: true });
      await writeFile(path.join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
      await writeFile(path.join(dir, 'renderer', 'assets', 'app.js.map'), '{"version":3,"sources":["secret.ts"]}');
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it.each([
      'app://pam-desk/assets/app.js.map',
      'app://pam-desk/assets/app.js%2Emap',
      'app://pam-desk/assets/app.js.MAP',
    ])('answers %s with 404 even when the file is there', async (url) => {
      const response = await appProtocolResponse(path.join(dir, 'renderer'), { url, method: 'GET' });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('secret.ts');
    });

    it('still serves the script itself', async () => {
      const response = await appProtocolResponse(path.join(dir, 'renderer'), {
        url: 'app://pam-desk/assets/app.js',
        method: 'GET',
      });
      expect(response.status).toBe(200);
    });
  });
});
