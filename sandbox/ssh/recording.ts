/**
 * The recording of one proxied connection, as NPS models it: a ProxySession with a StdIn and a StdOut
 * stream of timed chunks, and ReplayMetadata whose records list the commands. Input typed while the
 * terminal does not echo it is kept back until its line is decided (see `LineTracker`) and then stored
 * masked: the chunk's time stays, its bytes are dropped.
 */
import { EventEmitter } from 'node:events';
import type { ProxySessionRecord } from '../sessions/model';
import { LineTracker, type TrackedLine } from './lineTracker';

export type StreamType = 'StdIn' | 'StdOut';

export interface RecordedChunk {
  /** Milliseconds since the recording started. */
  t: number;
  data: Buffer;
  /** Input typed with echo off: `data` is empty. */
  masked?: true;
}

export interface TerminalInfo {
  term: string;
  cols: number;
  rows: number;
}

/** Beyond this many recorded bytes a connection's recording stops growing (it is marked truncated). */
export const MAX_RECORDING_BYTES = 32 * 1024 * 1024;

/**
 * Recorded bytes are copied one after another into blocks of their own. A copy from Node's shared buffer
 * pool (`Buffer.from`, 64 KiB slabs on Node 24) kept the whole slab alive for a chunk of a few KiB, so a
 * flood's recording held three times its size (101 MB for 32 MB in the SSH bench).
 */
export class ByteBlocks {
  static readonly BLOCK_BYTES = 256 * 1024;
  #block = Buffer.alloc(0);
  #used = 0;

  copy(data: Buffer): Buffer {
    if (data.length > ByteBlocks.BLOCK_BYTES / 4) {
      const own = Buffer.allocUnsafeSlow(data.length);
      data.copy(own);
      return own;
    }
    if (this.#used + data.length > this.#block.length) {
      this.#block = Buffer.allocUnsafeSlow(ByteBlocks.BLOCK_BYTES);
      this.#used = 0;
    }
    const out = this.#block.subarray(this.#used, this.#used + data.length);
    data.copy(out);
    this.#used += data.length;
    return out;
  }
}

export interface RecordingEvents {
  /** Every output chunk, as it is recorded (live watchers). */
  output: [data: Buffer];
  closed: [];
}

export class Recording extends EventEmitter<RecordingEvents> {
  readonly stdIn: RecordedChunk[] = [];
  readonly stdOut: RecordedChunk[] = [];
  terminal: TerminalInfo | null = null;
  /** Window size changes after the start, so a replay can follow them. */
  readonly resizes: Array<{ t: number; cols: number; rows: number }> = [];
  truncated = false;
  /** Input held back until its line is decided: one group of chunks per line, oldest first. */
  readonly #pending: RecordedChunk[][] = [];
  readonly #tracker: LineTracker;
  readonly #bytes = new ByteBlocks();

  constructor(
    /** The ProxySession this recording belongs to; `size`, `end` and `commands` are kept up to date. */
    readonly meta: ProxySessionRecord,
    private readonly now: () => number,
    /** Told about each command line the terminal showed. */
    private readonly command: (line: string, at: number) => void,
  ) {
    super();
    this.#tracker = new LineTracker(now, (line) => this.#decided(line));
  }

  get closed(): boolean {
    return this.meta.end !== null;
  }

  #offset(): number {
    return Math.max(0, this.now() - this.meta.start);
  }

  #room(bytes: number): boolean {
    if (this.meta.size + bytes > MAX_RECORDING_BYTES) {
      this.truncated = true;
      return false;
    }
    this.meta.size += bytes;
    return true;
  }

  output(data: Buffer): void {
    if (this.closed) return;
    if (this.#room(data.length)) this.stdOut.push({ t: this.#offset(), data: this.#bytes.copy(data) });
    this.emit('output', data);
    // Only output after a keystroke can be a line's echo; a flood with nothing typed costs no decoding.
    if (this.#tracker.pending) this.#tracker.output(data.toString('utf8'));
  }

  input(data: Buffer): void {
    if (this.closed) return;
    // One piece per line, so that each piece is kept or masked with the line it belongs to.
    const text = data.toString('utf8');
    for (const piece of text.match(/[^\r\n]*[\r\n]?\n?/g) ?? []) {
      if (piece === '') continue;
      // The same line boundaries as the tracker's: a line ends at CR or LF, and LF right after CR joins it.
      const group = this.#pending.at(-1);
      const last = group?.at(-1)?.data.toString('utf8') ?? '';
      const lineOpen = group !== undefined && !/[\r\n]$/.test(last);
      const joinsCr = group !== undefined && piece === '\n' && last.endsWith('\r');
      const chunk = { t: this.#offset(), data: Buffer.from(piece, 'utf8') };
      if (lineOpen || joinsCr) group.push(chunk);
      else this.#pending.push([chunk]);
      this.#tracker.input(piece);
    }
  }

  /** The terminal the client asked for (pty request). */
  started(terminal: TerminalInfo): void {
    this.terminal = terminal;
  }

  resized(cols: number, rows: number): void {
    if (this.closed || !this.terminal) return;
    this.resizes.push({ t: this.#offset(), cols, rows });
  }

  /** The terminal as it is now (the start size with the last resize applied). */
  get currentTerminal(): TerminalInfo | null {
    const last = this.resizes.at(-1);
    return this.terminal && last ? { ...this.terminal, cols: last.cols, rows: last.rows } : this.terminal;
  }

  /** An exec request: its command is known outright. */
  executed(command: string): void {
    this.#command(command, this.now());
  }

  close(): void {
    if (this.closed) return;
    this.#tracker.flush();
    this.meta.end = this.now();
    this.emit('closed');
  }

  #decided(line: TrackedLine): void {
    for (const chunk of this.#pending.shift() ?? []) {
      const keep = !line.hidden || /^[\r\n]+$/.test(chunk.data.toString('utf8'));
      if (keep) {
        if (this.#room(chunk.data.length)) this.stdIn.push(chunk);
      } else this.stdIn.push({ t: chunk.t, data: Buffer.alloc(0), masked: true });
    }
    if (!line.hidden && line.text) this.#command(line.text, line.t);
  }

  #command(text: string, at: number): void {
    const line = text.slice(0, 1000);
    this.meta.commands.push({ t: at, m: line });
    this.command(line, at);
  }

  /** Everything shown so far, so that a live watcher starts from the same screen. */
  shownSoFar(): Buffer {
    return Buffer.concat(this.stdOut.map((c) => c.data));
  }

  /** The full recording in the shape the recording endpoint serves. */
  toJson(): RecordingJson {
    const encode = (chunks: RecordedChunk[]) =>
      chunks.map((c) => (c.masked ? { t: c.t, data: '', masked: true } : { t: c.t, data: c.data.toString('base64') }));
    return {
      terminal: this.terminal,
      resizes: this.resizes,
      truncated: this.truncated,
      streams: [
        { type: 'StdOut', chunks: encode(this.stdOut) },
        { type: 'StdIn', chunks: encode(this.stdIn) },
      ],
    };
  }
}

export interface RecordingJson {
  /** The terminal as the client asked for it at the start (null without a pty). */
  terminal: TerminalInfo | null;
  resizes: Array<{ t: number; cols: number; rows: number }>;
  truncated: boolean;
  streams: Array<{ type: StreamType; chunks: Array<{ t: number; data: string; masked?: boolean }> }>;
}
