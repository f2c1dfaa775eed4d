/**
 * Follows what is typed into a terminal, line by line, and decides for each line whether the terminal
 * showed it: a proxy sees only bytes, not the target's terminal modes, so "echo off" (a password prompt,
 * `read -s`, `stty -echo`) is recognised by the typed characters not coming back in the output.
 *
 * The output that counts as a line's echo starts with the line's first keystroke (so the prompt and
 * anything printed before are not part of it) and ends at the first newline after Enter (a pasted line
 * is echoed only after its Enter). A line whose typed characters do not appear in that echo, in order,
 * is reported as hidden; otherwise its echo, as the terminal showed it, is the command.
 *
 * Lines typed ahead, before the previous one was decided (several lines pasted at once), are echoed
 * only when the program reads them, after the previous command's output: such a line is shown when a
 * complete output line contains exactly what was typed, within `TYPEAHEAD_WAIT_MS` of its turn, and is
 * reported hidden otherwise. Lines are always reported in the order they were typed.
 */

/** Echo kept per line; a terminal line is far shorter, so this only bounds a misbehaving stream. */
const MAX_ECHO = 8192;
/**
 * How long after Enter a line's echo may take before the line is decided anyway (as hidden, if its characters
 * have not come back). Generous: a slow link or a busy target must not turn a command into masked input,
 * which would lose it from the log; a line typed with echo off is decided as soon as output after its Enter
 * ends a line, so this wait only applies when the target stays silent.
 */
export const ECHO_WAIT_MS = 5000;
/** How long a line typed ahead may wait for its echo once the lines before it are decided. */
export const TYPEAHEAD_WAIT_MS = 5000;

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

interface Line {
  input: string;
  /** Time of the first keystroke. */
  t: number;
  entered: boolean;
  /** Typed before the line ahead of it was decided. */
  typeahead: boolean;
}

export class LineTracker {
  /** Undecided lines, oldest first; the last one may still be being typed. */
  readonly #lines: Line[] = [];
  /** Output since the oldest undecided line's echo could begin. */
  #echo = '';
  /** Length of `#echo` when the oldest line's Enter was typed. */
  #echoAtEnter = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly now: () => number,
    /** Called once per line, in the order the lines were typed. */
    private readonly decided: (line: TrackedLine) => void,
  ) {}

  input(text: string): void {
    for (const char of text) {
      let line = this.#lines.at(-1);
      if (line?.entered) {
        if (char === '\n' && line.input.endsWith('\r')) {
          line.input += char;
          continue;
        }
        line = undefined;
      }
      if (!line) {
        line = { input: '', t: this.now(), entered: false, typeahead: this.#lines.length > 0 };
        this.#lines.push(line);
        if (this.#lines.length === 1) {
          this.#echo = '';
          this.#echoAtEnter = 0;
        }
      }
      line.input += char;
      if (char === '\r' || char === '\n') {
        line.entered = true;
        if (line === this.#lines[0]) this.#headEntered();
      }
    }
  }

  output(text: string): void {
    if (this.#lines.length === 0) return;
    if (this.#echo.length < MAX_ECHO) this.#echo += text.slice(0, MAX_ECHO - this.#echo.length);
    this.#settle(false);
  }

  /** Decides every pending line now (the connection is closing). */
  flush(): void {
    while (this.#lines.length > 0) this.#decideHead(true);
  }

  /** Whether a line has not been decided yet (its input is held back). */
  get pending(): boolean {
    return this.#lines.length > 0;
  }

  #headEntered(): void {
    this.#echoAtEnter = this.#echo.length;
    this.#arm();
    this.#settle(false);
  }

  #arm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const head = this.#lines[0];
    if (!head?.entered) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        this.#decideHead(true);
        this.#settle(false);
      },
      head.typeahead ? TYPEAHEAD_WAIT_MS : ECHO_WAIT_MS,
    );
    this.#timer.unref();
  }

  /** Decides as many lines from the front as the output so far allows. */
  #settle(final: boolean): void {
    while (this.#lines.length > 0 && this.#decideHead(final));
  }

  /**
   * Tries to decide the oldest line from the output so far; `final` decides it either way (time is up).
   * Returns whether it was decided.
   */
  #decideHead(final: boolean): boolean {
    const head = this.#lines[0]!;
    if (!head.entered && !final) return false;
    const typed = typedText(head.input);
    if (!head.typeahead) {
      const end = this.#echo.indexOf('\n', this.#echoAtEnter);
      if (end < 0 && !final) return false;
      const window = end < 0 ? this.#echo : this.#echo.slice(0, end + 1);
      const shown = renderLine(window);
      const compact = typed.replace(/\s+/g, '');
      const hidden = compact.length > 0 && !isSubsequence(compact, shown.replace(/\s+/g, ''));
      this.#next(end < 0 ? '' : this.#echo.slice(end + 1), { t: head.t, hidden, text: hidden ? '' : shown });
      return true;
    }
    // Typed ahead: its echo is a whole output line that contains exactly what was typed.
    const wanted = typed.trim();
    if (wanted === '') {
      this.#next(this.#echo, { t: head.t, hidden: false, text: '' });
      return true;
    }
    let start = 0;
    for (let end = this.#echo.indexOf('\n'); end >= 0; end = this.#echo.indexOf('\n', start)) {
      if (renderLine(this.#echo.slice(start, end + 1)).includes(wanted)) {
        this.#next(this.#echo.slice(end + 1), { t: head.t, hidden: false, text: wanted });
        return true;
      }
      start = end + 1;
    }
    if (!final) return false;
    this.#next('', { t: head.t, hidden: true, text: '' });
    return true;
  }

  /** Reports the oldest line and moves on to the next, whose echo starts with `rest`. */
  #next(rest: string, line: TrackedLine): void {
    this.#lines.shift();
    this.#echo = this.#lines.length > 0 ? rest : '';
    this.#echoAtEnter = this.#echo.length;
    this.decided(line);
    const head = this.#lines[0];
    if (head?.entered) {
      // A line typed ahead had its Enter long ago: its echo may be anywhere in `rest` and after.
      this.#echoAtEnter = 0;
      this.#arm();
    } else if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
  }
}
