/**
 * How `npm start` gives up on Electron's download, against real local servers standing in for its
 * download host (ELECTRON_MIRROR), with an empty Electron cache of the test's own.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installedExecutable, obtainElectronBinary } from '../../../scripts/electronBinary';

const saved = { ...process.env };
let cache: string;
let server: Server | undefined;

beforeEach(async () => {
  cache = await mkdtemp(path.join(os.tmpdir(), 'pam-electron-cache-'));
  for (const name of ['ELECTRON_SKIP_BINARY_DOWNLOAD', 'ELECTRON_CUSTOM_DIR', 'force_no_cache'])
    delete process.env[name];
  process.env['electron_config_cache'] = cache;
});

afterEach(async () => {
  process.env = { ...saved };
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  await rm(cache, { recursive: true, force: true });
});

async function mirror(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    handler!(request, response);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  process.env['ELECTRON_MIRROR'] = url;
  return { url, requests };
}

describe.skipIf(installedExecutable() !== null)("obtaining Electron's binary", () => {
  it('gives up when nothing arrives for the stall time, and says so', async () => {
    const { requests } = await mirror(() => {}); // accepts, never answers
    const started = Date.now();
    const result = await obtainElectronBinary({ stallMs: 1000 });
    expect(result).toEqual({ ok: false, reason: 'nothing arrived from its download server for 1 s' });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(requests).toEqual([expect.stringMatching(/electron-v\d+\.\d+\.\d+-\w+-\w+\.zip$/)]);
    expect(await readdir(cache)).toEqual([]);
  });

  it('tells the answer of a download server that refuses', async () => {
    await mirror((_request, response) => {
      response.statusCode = 404;
      response.end('no such release');
    });
    const result = await obtainElectronBinary();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^its download server answered 404 \(Not Found\) for http:\/\/127/);
  });

  it('does not try when ELECTRON_SKIP_BINARY_DOWNLOAD is set', async () => {
    const { requests } = await mirror((_request, response) => response.end());
    process.env['ELECTRON_SKIP_BINARY_DOWNLOAD'] = '1';
    const downloads: string[] = [];
    const result = await obtainElectronBinary({ onDownload: (version) => downloads.push(version) });
    expect(result).toEqual({ ok: false, reason: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set, so no download was tried' });
    expect(requests).toEqual([]);
    expect(downloads).toEqual([]);
  });
});
