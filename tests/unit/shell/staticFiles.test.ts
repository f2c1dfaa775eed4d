import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_START_URL } from '../../../main/app/appOrigin';
import { appProtocolResponse } from '../../../main/app/appProtocol';
import { contentSecurityPolicy } from '../../../main/app/contentSecurityPolicy';
import { readStaticFile, resolveStaticPath } from '../../../main/app/staticFiles';
import { injectBridgeScript } from '../../../main/bridge/injectBridgeScript';
import { tokensMatch, createBridgeToken } from '../../../main/bridge/bridgeToken';

const root = '/srv/renderer';

describe('resolveStaticPath', () => {
  it.each([
    ['/', '/srv/renderer/index.html'],
    ['/index.html', '/srv/renderer/index.html'],
    ['/assets/index-abc.js', '/srv/renderer/assets/index-abc.js'],
    ['/assets//app.css', '/srv/renderer/assets/app.css'],
    ['/fonts/Roboto%20Bold.woff2', '/srv/renderer/fonts/Roboto Bold.woff2'],
  ])('%s → %s', (request, file) => {
    expect(resolveStaticPath(root, request)).toBe(file);
  });

  it.each([
    '/../etc/passwd',
    '/assets/../../etc/passwd.js',
    '/%2e%2e/etc/passwd.js',
    '/assets/..%2f..%2fsecret.js',
    '/..%5c..%5csecret.js',
    '/.env',
    '/assets/.hidden.js',
    '/index.html%00.js',
    '/%E0%A4%A',
    'index.html',
    '/assets',
    '/server.exe',
    '/notes.md',
  ])('refuses %s', (request) => {
    expect(resolveStaticPath(root, request)).toBeNull();
  });
});

describe('files on disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pam-static-'));
    await mkdir(path.join(dir, 'renderer', 'assets'), { recursive: true });
    await writeFile(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(path.join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(dir, 'outside.js'), 'secret');
    await symlink(path.join(dir, 'outside.js'), path.join(dir, 'renderer', 'assets', 'link.js'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('does not follow a symlink out of the folder', async () => {
    const rendererDir = path.join(dir, 'renderer');
    const file = resolveStaticPath(rendererDir, '/assets/link.js');
    expect(file).not.toBeNull();
    expect(await readStaticFile(rendererDir, file!)).toBeNull();
    expect(String(await readStaticFile(rendererDir, path.join(rendererDir, 'assets', 'app.js')))).toBe(
      'console.log(1)',
    );
  });

  it('serves app:// requests with the CSP and the right type', async () => {
    const rendererDir = path.join(dir, 'renderer');
    const page = await appProtocolResponse(rendererDir, { url: APP_START_URL, method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(await page.text()).toContain('<title>t</title>');
    const script = await appProtocolResponse(rendererDir, { url: 'app://pam-desk/assets/app.js', method: 'GET' });
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    ['another host', 'app://other/index.html', 'GET'],
    ['a traversal', 'app://pam-desk/%2e%2e/outside.js', 'GET'],
    ['a symlink out', 'app://pam-desk/assets/link.js', 'GET'],
    ['a missing file', 'app://pam-desk/nope.js', 'GET'],
    ['a POST', APP_START_URL, 'POST'],
  ])('answers %s with 404 (CSP still set)', async (_name, url, method) => {
    const response = await appProtocolResponse(path.join(dir, 'renderer'), { url, method });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(await response.text()).not.toContain('secret');
  });
});

describe('bridge page helpers', () => {
  it('puts the bridge script before the first script, or at the end of head', () => {
    expect(injectBridgeScript('<head><script type="module" src="/a.js"></script></head>')).toMatch(
      /^<head><script src="\/__pam\/bridge\.js"><\/script>\s*<script type="module"/,
    );
    expect(injectBridgeScript('<html><head><title>x</title></head><body></body></html>')).toMatch(
      /<title>x<\/title><script src="\/__pam\/bridge\.js"><\/script>\s*<\/head>/,
    );
  });

  it('makes 64-hex tokens, different each time, compared exactly', () => {
    const token = createBridgeToken();
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(createBridgeToken()).not.toBe(token);
    expect(tokensMatch(token, token)).toBe(true);
    expect(tokensMatch(token, token.slice(0, -1))).toBe(false);
    expect(tokensMatch(token, `${token}0`)).toBe(false);
    expect(tokensMatch(token, token.toUpperCase())).toBe(false);
    expect(tokensMatch(token, undefined)).toBe(false);
    expect(tokensMatch(token, '')).toBe(false);
  });
});
