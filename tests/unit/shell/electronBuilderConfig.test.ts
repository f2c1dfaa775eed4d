/** electron-builder.yml checked against electron-builder's own schema, plus the choices we rely on. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
// An internal module of electron-builder (it has no public "validate only" entry point).
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};

async function loadConfig(): Promise<Record<string, unknown>> {
  return yaml.load(await readFile(`${repoRoot}electron-builder.yml`, 'utf8')) as Record<string, unknown>;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder schema validation', async () => {
    await expect(validateConfiguration(await loadConfig(), { isEnabled: false, add() {} })).resolves.toBeUndefined();
  });

  it('the validation rejects an unknown option (so the check above means something)', async () => {
    await expect(
      validateConfiguration({ ...(await loadConfig()), licence: 'AGPL' }, { isEnabled: false, add() {} }),
    ).rejects.toThrow(/licence/);
  });

  it('packages the app we build, for the three platforms, under our licence', async () => {
    const config = await loadConfig();
    expect(config).toMatchObject({
      appId: 'org.pamdesk.app',
      productName: 'PAM Desk',
      asar: true,
      extraMetadata: { license: 'AGPL-3.0-only' },
      linux: { target: ['AppImage', 'deb'] },
      mac: { target: 'dmg', hardenedRuntime: true },
      win: { target: 'nsis' },
    });
    expect(config['files']).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**']));
    const packageJson = JSON.parse(await readFile(`${repoRoot}package.json`, 'utf8')) as Record<string, unknown>;
    expect(packageJson['license']).toBe('AGPL-3.0-only');
    expect(packageJson['main']).toBe('out/main/index.js');
  });
});
