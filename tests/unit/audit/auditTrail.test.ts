import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../main/audit/auditTrail';

const dirs: string[] = [];
function trailIn(): { trail: AuditTrail; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pam-audit-'));
  dirs.push(dir);
  const file = join(dir, 'audit', 'credentials.jsonl');
  let tick = 0;
  return { trail: new AuditTrail(file, () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++))), file };
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const base = {
  server: 'https://pam.example:6500',
  user: 'alice',
  host: 'web01',
  loginAccount: 'adm-alice',
  detail: '',
};

describe('AuditTrail', () => {
  it('records copies and views per session, in order, in a file only its owner can read', async () => {
    const { trail, file } = trailIn();
    await Promise.all([
      trail.record({ ...base, sessionId: 's1', action: 'copyUsername', outcome: 'ok' }),
      trail.record({ ...base, sessionId: 's2', action: 'copyPassword', outcome: 'ok' }),
      trail.record({ ...base, sessionId: 's1', action: 'viewPassword', outcome: 'refused', detail: 'session ended' }),
    ]);
    const { entries, skipped } = await trail.forSession('s1');
    expect(entries.map((e) => [e.action, e.outcome, e.at])).toEqual([
      ['copyUsername', 'ok', '2026-01-01T00:00:00.000Z'],
      ['viewPassword', 'refused', '2026-01-01T00:00:02.000Z'],
    ]);
    expect(skipped).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('has no field a secret could travel in', async () => {
    const { trail, file } = trailIn();
    const withExtra = {
      ...base,
      sessionId: 's1',
      action: 'copyPassword',
      outcome: 'ok',
      password: 'Hunter2!',
    } as never;
    await trail.record(withExtra);
    expect(readFileSync(file, 'utf8')).not.toContain('Hunter2!');
  });

  it('skips a damaged line and keeps the rest', async () => {
    const { trail, file } = trailIn();
    await trail.record({ ...base, sessionId: 's1', action: 'copyUsername', outcome: 'ok' });
    appendFileSync(file, '{"at": "half a line\n');
    await trail.record({ ...base, sessionId: 's1', action: 'copyPassword', outcome: 'ok' });
    const { entries, skipped } = await trail.forSession('s1');
    expect(entries.map((e) => e.action)).toEqual(['copyUsername', 'copyPassword']);
    expect(skipped).toBe(1);
  });

  it('reads an empty trail before anything was recorded', async () => {
    const { trail } = trailIn();
    expect(await trail.forSession('s1')).toEqual({ entries: [], skipped: 0 });
  });
});
