import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger } from '../../../main/log/fileLogger';
import { redact } from '../../../main/log/redact';
import { fakeToken } from '../../fakes/fakeNpsClient';

describe('redact', () => {
  const jwt = fakeToken({ sub: 'alice', role: ['admin'] });
  it.each([
    [`token ${jwt} leaked`, jwt],
    ['Authorization: Bearer abc.def-ghi', 'abc.def-ghi'],
    ['{"Login":"alice","Password":"s3cr3t!"}', 's3cr3t!'],
    ['password=hunter2&x=1', 'hunter2'],
    ['{"code":"123456"}', '123456'],
    ["mfaCode: '654321'", '654321'],
  ])('removes the secret from %s', (message, secret) => {
    expect(redact(message)).not.toContain(secret);
  });

  it('leaves ordinary lines alone', () => {
    const line = '[sessions] end: 3 ok, 0 failed at https://127.0.0.1:6500';
    expect(redact(line)).toBe(line);
  });
});

describe('file logger', () => {
  it('writes tagged, redacted, single lines to a 0600 file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pam-log-'));
    try {
      const log = createFileLogger({ dir });
      log.info('[auth] signed in');
      log.warn(`untagged line with Bearer ${fakeToken({ sub: 'x' })}`);
      log.error('[router] crashed:\nstack line 1\nstack line 2');
      log.close();
      const lines = fs.readFileSync(log.file, 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^\S+Z INFO  \[auth\] signed in$/);
      expect(lines[1]).toContain('WARN  [app] untagged line with Bearer [redacted]');
      expect(lines[1]).not.toMatch(/eyJ/);
      expect(lines[2]).toContain('[router] crashed: ⏎ stack line 1 ⏎ stack line 2');
      expect(fs.statSync(log.file).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
