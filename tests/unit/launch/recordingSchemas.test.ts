import { describe, expect, it } from 'vitest';
import {
  NpsProxySessionList,
  NpsRecording,
  toRecording,
  toRecordingSummary,
} from '../../../main/launch/ssh/recordingSchemas';

const ID = '0b6f7a52-1d2e-4c1b-9a55-3f1f5b0b7e01';
const proxySession = {
  id: ID,
  type: 'ssh',
  active: false,
  startDateTimeUtc: '2026-11-30T22:00:00.000Z',
  endDateTimeUtc: '2026-11-30T22:01:00.000Z',
  sessionMetadata: {
    records: [
      { type: 'StdIn', timestamp: 900, entries: ['ls'] },
      { type: 0, timestamp: 300, entries: ['echo $((6*7))'] },
      { type: 'StdOut', timestamp: 400, entries: ['not a command'] },
    ],
  },
};
const good = {
  proxySession,
  terminal: { term: 'xterm-256color', cols: 100, rows: 30 },
  resizes: [{ t: 500, cols: 120, rows: 40 }],
  truncated: false,
  streams: [
    { type: 'StdIn', chunks: [{ t: 250, data: 'ZWNobw==' }] },
    {
      type: 'StdOut',
      chunks: [
        { t: 700, data: 'NDINCg==' },
        { t: 310, data: 'ZWNobw==' },
        { t: 650, masked: true },
      ],
    },
  ],
};

describe('recordings from the server', () => {
  it('turns a recording into output, sizes and commands in time order (StdIn records only, enum or name)', () => {
    const recording = toRecording(NpsRecording.parse(good));
    expect(recording).toEqual({
      proxySessionId: ID,
      cols: 100,
      rows: 30,
      durationMs: 900,
      truncated: false,
      output: [
        { t: 310, data: 'ZWNobw==' },
        { t: 700, data: 'NDINCg==' },
      ],
      resizes: [{ t: 500, cols: 120, rows: 40 }],
      commands: [
        { t: 300, line: 'echo $((6*7))' },
        { t: 900, line: 'ls' },
      ],
    });
  });

  it('takes the nulls a real server may send', () => {
    const summary = toRecordingSummary(
      NpsProxySessionList.parse([
        { id: ID, type: null, active: null, startDateTimeUtc: null, endDateTimeUtc: null, sessionMetadata: null },
      ])[0]!,
    );
    expect(summary).toEqual({
      proxySessionId: ID,
      type: 'ssh',
      startedAt: '',
      endedAt: null,
      active: true,
      commands: [],
    });
    const bare = toRecording(
      NpsRecording.parse({ proxySession: { id: ID }, terminal: null, resizes: null, truncated: null, streams: [] }),
    );
    expect(bare).toMatchObject({ cols: 80, rows: 24, durationMs: 0, truncated: false, output: [] });
  });

  it.each([
    ['an id that is no UUID', { ...good, proxySession: { ...proxySession, id: '../../etc/passwd' } }],
    ['a negative time', { ...good, resizes: [{ t: -1, cols: 80, rows: 24 }] }],
    ['a time that is not a number', { ...good, resizes: [{ t: '5', cols: 80, rows: 24 }] }],
    ['a giant terminal', { ...good, terminal: { cols: 100_000, rows: 30 } }],
    ['data that is not base64', { ...good, streams: [{ type: 'StdOut', chunks: [{ t: 1, data: '<script>' }] }] }],
    [
      'a command line of 1 MB',
      {
        ...good,
        proxySession: {
          ...proxySession,
          sessionMetadata: { records: [{ type: 'StdIn', timestamp: 1, entries: ['x'.repeat(1_000_000)] }] },
        },
      },
    ],
    ['streams that are not a list', { ...good, streams: 'StdOut' }],
    ['no proxy session', { ...good, proxySession: undefined }],
  ])('refuses %s', (_what, hostile) => {
    expect(NpsRecording.safeParse(hostile).success).toBe(false);
  });

  it('refuses a list that is not a list', () => {
    expect(NpsProxySessionList.safeParse({ data: [] }).success).toBe(false);
    expect(NpsProxySessionList.safeParse([{ id: 42 }]).success).toBe(false);
  });
});
