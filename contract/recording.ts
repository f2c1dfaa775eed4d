/**
 * Recordings of a session's SSH connections (read by the owner, administrators and helpdesk staff): the list
 * of connections, and one recording to replay — its output as timed chunks, its size changes and the commands
 * typed with their times. Main reads them from the server, checks them and bounds their size.
 */
import { z } from 'zod';
import { Uuid } from './schemas';

export const RecordingsRequest = z.object({ sessionId: Uuid });
export const RecordingRequest = z.object({ sessionId: Uuid, proxySessionId: Uuid });

/** Milliseconds from the start of the recording. */
const Offset = z
  .number()
  .int()
  .min(0)
  .max(366 * 24 * 3600 * 1000);

export const RecordedCommand = z.object({ t: Offset, line: z.string().max(4096) });
export type RecordedCommand = z.infer<typeof RecordedCommand>;

export const RecordingSummary = z.object({
  proxySessionId: Uuid,
  type: z.string().max(32),
  /** ISO date-times; `endedAt` null while the connection is open. */
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  active: z.boolean(),
  commands: z.array(RecordedCommand).max(100_000),
});
export type RecordingSummary = z.infer<typeof RecordingSummary>;
export const RecordingList = z.object({ recordings: z.array(RecordingSummary).max(10_000) });
export type RecordingList = z.infer<typeof RecordingList>;

export const Recording = z.object({
  proxySessionId: Uuid,
  cols: z.number().int().min(2).max(1000),
  rows: z.number().int().min(1).max(500),
  durationMs: Offset,
  truncated: z.boolean(),
  /** What the terminal showed, in order: base64 chunks at their times. */
  output: z.array(z.object({ t: Offset, data: z.base64() })).max(2_000_000),
  resizes: z
    .array(z.object({ t: Offset, cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(500) }))
    .max(100_000),
  commands: z.array(RecordedCommand).max(100_000),
});
export type Recording = z.infer<typeof Recording>;

/**
 * A history session's recorded connections: from the server (live; `cached` says which are kept here for
 * offline review), or from the cache (offline: only the cached ones), or `none` (`note` says why).
 */
export const HistoryRecordingList = z.object({
  sessionId: Uuid,
  source: z.enum(['server', 'cache', 'none']),
  recordings: z.array(RecordingSummary.extend({ cached: z.boolean() })).max(10_000),
  note: z.string().nullable(),
});
export type HistoryRecordingList = z.infer<typeof HistoryRecordingList>;

/** One recording of a history session: from the server (then kept), the cache (`fetchedAt`), or `none`. */
export const HistoryRecording = z.object({
  source: z.enum(['server', 'cache', 'none']),
  fetchedAt: z.string().nullable(),
  recording: Recording.nullable(),
  note: z.string().nullable(),
});
export type HistoryRecording = z.infer<typeof HistoryRecording>;
