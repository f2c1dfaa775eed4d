/**
 * The sandbox's recording endpoints as the server sends them (`sandbox/README.md`, "Recording"), checked
 * strictly: they are untrusted input. A real server may send nulls where the sandbox sends values, and
 * enum-like fields as other strings; anything that cannot be a recording is refused as a whole.
 */
import { z } from 'zod';
import type { Recording, RecordingSummary } from '../../../contract';

const Id = z.string().regex(/^[0-9a-fA-F-]{36}$/);
const Ms = z
  .number()
  .finite()
  .min(0)
  .max(366 * 24 * 3600 * 1000)
  .transform(Math.round);
const Size = { cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(500) };

const MetadataRecord = z.object({
  type: z.union([z.string(), z.number()]).nullish(),
  timestamp: Ms.nullish(),
  entries: z.array(z.string().max(4096)).max(100).nullish(),
});

export const NpsProxySession = z.object({
  id: Id,
  type: z.union([z.string().max(32), z.number()]).nullish(),
  active: z.boolean().nullish(),
  startDateTimeUtc: z.string().max(64).nullish(),
  endDateTimeUtc: z.string().max(64).nullish(),
  sessionMetadata: z.object({ records: z.array(MetadataRecord).max(100_000).nullish() }).nullish(),
});
export type NpsProxySession = z.infer<typeof NpsProxySession>;

export const NpsProxySessionList = z.array(NpsProxySession).max(10_000);

export const NpsRecording = z.object({
  proxySession: NpsProxySession,
  terminal: z.object({ term: z.string().max(64).nullish(), ...Size }).nullish(),
  resizes: z
    .array(z.object({ t: Ms, ...Size }))
    .max(100_000)
    .nullish(),
  truncated: z.boolean().nullish(),
  streams: z
    .array(
      z.object({
        type: z.string().max(32),
        chunks: z.array(z.object({ t: Ms, data: z.base64().nullish(), masked: z.boolean().nullish() })).max(2_000_000),
      }),
    )
    .max(8),
});
export type NpsRecording = z.infer<typeof NpsRecording>;

/** Command lines: `StdIn` records (type 'StdIn' or its enum value 0), one entry each, in time order. */
function commandsOf(proxySession: NpsProxySession): RecordingSummary['commands'] {
  return (proxySession.sessionMetadata?.records ?? [])
    .filter((record) => record.type === 'StdIn' || record.type === 0)
    .flatMap((record) => (record.entries ?? []).map((line) => ({ t: record.timestamp ?? 0, line })))
    .sort((a, b) => a.t - b.t);
}

export function toRecordingSummary(proxySession: NpsProxySession): RecordingSummary {
  return {
    proxySessionId: proxySession.id,
    type: String(proxySession.type ?? 'ssh'),
    startedAt: proxySession.startDateTimeUtc ?? '',
    endedAt: proxySession.endDateTimeUtc ?? null,
    active: proxySession.active ?? proxySession.endDateTimeUtc == null,
    commands: commandsOf(proxySession),
  };
}

/** What the player needs: the output stream (masked input never is output), sizes and commands. */
export function toRecording(recording: NpsRecording): Recording {
  const output = recording.streams
    .filter((stream) => stream.type === 'StdOut')
    .flatMap((stream) => stream.chunks)
    .filter((chunk) => !chunk.masked && chunk.data)
    .map((chunk) => ({ t: chunk.t, data: chunk.data! }))
    .sort((a, b) => a.t - b.t);
  const resizes = [...(recording.resizes ?? [])].sort((a, b) => a.t - b.t);
  const commands = commandsOf(recording.proxySession);
  const last = Math.max(0, output.at(-1)?.t ?? 0, resizes.at(-1)?.t ?? 0, commands.at(-1)?.t ?? 0);
  return {
    proxySessionId: recording.proxySession.id,
    cols: recording.terminal?.cols ?? 80,
    rows: recording.terminal?.rows ?? 24,
    durationMs: last,
    truncated: recording.truncated ?? false,
    output,
    resizes,
    commands,
  };
}
