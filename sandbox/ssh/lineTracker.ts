/**
 * Follows what is typed into a terminal, line by line, and decides for each line whether the terminal
 * showed it: a proxy sees only bytes, not the target's terminal modes, so "echo off" (a password prompt,
 * `read -s`, `stty -echo`) is recognised by the typed characters not coming back in the output.
 *
 * The output that counts as a line's echo starts with the line's first keystroke (so the prompt and
 * anything printed before are not part of it) and ends at the first newline after Enter (a pasted line
 * is echoed only after its Enter). A line whose typed characters do not appear in that echo, in order,
 * is reported as hidden; otherwise its echo, as the terminal showed it, is the command.
 */

/** Echo kept per line; a terminal line is far shorter, so this only bounds a misbehaving stream. */
const MAX_ECHO = 8192;
/** How long after Enter the echo of a pasted line may take before the line is decided anyway. */
export const ECHO_WAIT_MS = 400;

export interface TrackedLine {
  /** Time of the line's first keystroke (ms since the epoch). */
  t: number;
  hidden: boolean;
  /** What the terminal showed (empty when hidden). */
  text: string;
}

// CSI (ESC [ … final), OSC (ESC ] … BEL or ST), and two-character escapes.
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** The text a line of terminal output shows: escapes removed, backspaces applied, up to the first newline. */
export function renderLine(output: string): string {
  const clean = output.replace(ESCAPES, '');
  let line = '';
  for (const char of clean) {
    if (char === '\n') break;
    if (char === '\b') line = line.slice(0, -1);
    else if (char >= ' ' && char !== '\u007f') line += char;
  }
  return line.trim();
}

/** The characters typed, with Backspace/Delete applied and control keys left out. */
function typedText(input: string): string {
  let text = '';
  for (let i = 0; i < input.length; i++) {
    const char = input[i]!;
    if (char === '\u001b') {
      // Skip an escape sequence (arrow keys, function keys).
      const match = /^\u001b(?:\[[0-?]*[ -/]*[@-~]|O.|.)/.exec(input.slice(i));
      i += (match?.[0].length ?? 1) - 1;
    } else if (char === '\u007f' || char === '\b') text = text.slice(0, -1);
    else if (char >= ' ') text += char;
  }
  return text;
}

function isSubsequence(needle: string, haystack: string): boolean {
  let i = 0;
  for (const char of haystack) if (i < needle.length && char === needle[i]) i++;
  return i === needle.length;
}

export class LineTracker {
  #input = '';
  #echo = '';
  #firstKeyAt: number | null = null;
  /** Set once Enter was typed: the echo then runs to the next newline. */
  #entered = false;
  /** Length of the echo when Enter was typed. */
  #echoAtEnter = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly now: () => number,
    /** Called once per line, in order. */
    private readonly decided: (line: TrackedLine) => void,
  ) {}

  input(text: string): void {
    for (const char of text) {
      if (this.#entered) {
        if (char === '\n' && this.#input.endsWith('\r')) {
          this.#input += char;
          continue;
        }
        this.#decide();
      }
      if (this.#firstKeyAt === null) this.#firstKeyAt = this.now();
      this.#input += char;
      if (char === '\r' || char === '\n') {
        this.#entered = true;
        this.#echoAtEnter = this.#echo.length;
        this.#timer = setTimeout(() => this.#decide(), ECHO_WAIT_MS);
        this.#timer.unref();
      }
    }
  }

  output(text: string): void {
    if (this.#firstKeyAt === null) return;
    if (this.#echo.length < MAX_ECHO) this.#echo += text.slice(0, MAX_ECHO - this.#echo.length);
    if (this.#entered && this.#echo.includes('\n', this.#echoAtEnter)) this.#decide();
  }

  /** Decides the pending line now (the connection is closing). */
  flush(): void {
    if (this.#firstKeyAt !== null) this.#decide();
  }

  /** Whether the line being typed has not been decided yet (its input is held back). */
  get pending(): boolean {
    return this.#firstKeyAt !== null;
  }

  #decide(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const t = this.#firstKeyAt ?? this.now();
    const typed = typedText(this.#input).replace(/\s+/g, '');
    const shown = renderLine(this.#echo);
    const hidden = typed.length > 0 && !isSubsequence(typed, shown.replace(/\s+/g, ''));
    this.#input = '';
    this.#echo = '';
    this.#firstKeyAt = null;
    this.#entered = false;
    this.decided({ t, hidden, text: hidden ? '' : shown });
  }
}
