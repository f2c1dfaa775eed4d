import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scanForSecrets } from '../../e2e/canary/secretScan';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-scan-'));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the canary scanner', () => {
  it('finds a secret written as UTF-8, UTF-16LE or base64 at any alignment, and a code only as a whole number', () => {
    const secret = 'Kx9!mQ2#vL7p';
    fs.mkdirSync(path.join(dir, 'a/b'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a/plain.log'), `line ${secret} end`);
    fs.writeFileSync(path.join(dir, 'a/b/wide.bin'), Buffer.from(`xx${secret}yy`, 'utf16le'));
    for (const prefix of ['', 'a', 'ab']) {
      fs.writeFileSync(
        path.join(dir, `b64-${prefix.length}.txt`),
        Buffer.from(`${prefix}${secret}tail`).toString('base64'),
      );
    }
    fs.writeFileSync(path.join(dir, 'time.log'), '2026-11-26T17326048123456Z'); // 123456 inside a longer number
    fs.writeFileSync(path.join(dir, 'code.json'), '{"code":"654321"}');
    const { hits } = scanForSecrets(
      [dir],
      [
        { label: 'password', value: secret },
        { label: 'code-a', value: '123456', digits: true },
        { label: 'code-b', value: '654321', digits: true },
      ],
    );
    const found = hits.map((h) => `${h.label}:${h.form}:${path.basename(h.file)}`).sort();
    expect(found).toEqual([
      'code-b:utf8:code.json',
      'password:base64:b64-0.txt',
      'password:base64:b64-1.txt',
      'password:base64:b64-2.txt',
      'password:utf16le:wide.bin',
      'password:utf8:plain.log',
    ]);
  });
});
