/**
 * Relays one proxied channel both ways between the client and the target, recording what passes.
 * Both directions respect backpressure: a flood waits for the slower side instead of piling up in
 * memory. The exit status and the end are passed on only once the target's output has been read out.
 */
import type { ClientChannel, ServerChannel } from 'ssh2';
import type { Recording } from './recording';

/** How long a closed onward channel may take to hand over the output it still holds. */
const END_GRACE_MS = 5_000;

/** Resolves once `stream` has delivered all its data ('end'), or after a grace period if it never does. */
function readToEnd(stream: NodeJS.ReadableStream & { readableEnded?: boolean }): Promise<void> {
  if (stream.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, END_GRACE_MS);
    timer.unref();
    stream.once('end', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function forward(
  from: NodeJS.ReadableStream,
  to: NodeJS.WritableStream & { write(d: Buffer): boolean },
  record: (d: Buffer) => void,
): void {
  let waiting = false;
  from.on('data', (data: Buffer) => {
    record(data);
    if (!to.write(data) && !waiting) {
      waiting = true;
      from.pause();
      to.once('drain', () => {
        waiting = false;
        from.resume();
      });
    }
  });
}

/** `channel` is the client's, `stream` the target's; closing either closes the other. */
export function relayChannel(channel: ServerChannel, stream: ClientChannel, recording: Recording): void {
  forward(channel, stream, (d) => recording.input(d));
  forward(stream, channel, (d) => recording.output(d));
  forward(stream.stderr, channel.stderr, (d) => recording.output(d));
  let exit: { code: number } | { signal: string } | null = null;
  stream.on('exit', (code: number | null, signal?: string) => {
    if (typeof code === 'number') exit = { code };
    else if (signal) exit = { signal };
  });
  // The onward channel may close while output is still held back by backpressure.
  stream.on('close', () => {
    void Promise.all([readToEnd(stream), readToEnd(stream.stderr)]).then(() => {
      const status = exit as { code: number } | { signal: string } | null;
      if (status && 'code' in status) channel.exit(status.code);
      else if (status) channel.exit(status.signal);
      channel.end();
    });
  });
  channel.on('close', () => stream.close());
}
