/** Session logs from a server that caps pages, leaves out `totalCount`, or sends `lines: null`. */
import { describe, expect, it } from 'vitest';
import type { NpsSessionApi } from '../../../main/nps/npsClient';
import { NpsLogCollection } from '../../../main/nps/npsSchemas';
import { createSessionService } from '../../../main/sessions/sessionService';
import { MemoryLogger } from '../../fakes/memoryLogger';

function serviceOver(answer: (skip: number, take: number) => unknown) {
  const asked: number[] = [];
  const api = {
    async sessionLogs(_id: string, query: { skip?: number; take?: number } = {}) {
      asked.push(query.skip ?? 0);
      return NpsLogCollection.parse(answer(query.skip ?? 0, query.take ?? 1000));
    },
  } as unknown as NpsSessionApi;
  const service = createSessionService({ call: (fn) => fn(api), afterChange: () => {}, log: new MemoryLogger() });
  return { service, asked };
}

const line = (n: number) => ({
  statusString: null,
  status: n % 4,
  logMessage: `line ${n}`,
  lineNumber: n,
  timestamp: '2026-03-01T12:00:00.1234567',
});

describe('session logs', () => {
  it.each([true, false])('reads every line of a log served 10 at a time (totalCount sent: %s)', async (sendTotal) => {
    const { service } = serviceOver((skip, take) => ({
      lines: Array.from({ length: Math.max(0, Math.min(10, take, 35 - skip)) }, (_, i) => line(skip + i + 1)),
      ...(sendTotal ? { totalCount: 35 } : {}),
    }));
    const logs = await service.logs('s');
    expect(logs.lines.map((l) => l.lineNumber)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
    expect(logs.lines.slice(0, 4).map((l) => l.status)).toEqual(['Info', 'Warn', 'Error', 'Debug']);
    expect(logs.lines[0]?.timestamp).toBe('2026-03-01T12:00:00.123Z');
    expect(logs.lines[0]?.message).toBe('line 1');
  });

  it('null lines and an unknown status are an empty log and "Unknown (9)", not a failure', async () => {
    expect((await serviceOver(() => ({ lines: null, totalCount: null })).service.logs('s')).lines).toEqual([]);
    const { service } = serviceOver((skip) =>
      skip ? { lines: [] } : { lines: [{ status: 9, logMessage: null, lineNumber: null, timestamp: null }] },
    );
    expect((await service.logs('s')).lines).toEqual([
      { lineNumber: 1, timestamp: '', status: 'Unknown (9)', message: '' },
    ]);
  });
});
