/** How the proxy tells typed commands from input the terminal did not echo (passwords). */
import { describe, expect, it, vi } from 'vitest';
import {
  ECHO_WAIT_MS,
  TYPEAHEAD_WAIT_MS,
  type TrackedLine,
  LineTracker,
  renderLine,
} from '../../../sandbox/ssh/lineTracker';

function tracker() {
  const lines: TrackedLine[] = [];
  let now = 1000;
  const t = new LineTracker(
    () => now++,
    (line) => lines.push(line),
  );
  return { t, lines };
}

describe('LineTracker', () => {
  it('reports an echoed line as the command the terminal showed', () => {
    const { t, lines } = tracker();
    for (const key of 'ls -la') {
      t.input(key);
      t.output(key);
    }
    t.input('\r');
    t.output('\r\ntotal 0\r\n');
    expect(lines).toEqual([{ t: 1000, hidden: false, text: 'ls -la' }]);
  });

  it('reports a line that was not echoed as hidden, without its text', () => {
    const { t, lines } = tracker();
    t.input('hunter2\r');
    t.output('\r\n');
    expect(lines).toEqual([{ t: 1000, hidden: true, text: '' }]);
  });

  it('ignores what the prompt printed before the first keystroke', () => {
    const { t, lines } = tracker();
    t.output('Password for hunter2: ');
    t.input('hunter2\r');
    t.output('\r\n');
    expect(lines[0]!.hidden).toBe(true);
  });

  it('reads a pasted line echoed only after its Enter, and tab completion, as visible', () => {
    const { t, lines } = tracker();
    t.input('echo hi\r');
    t.output('echo hi\r\nhi\r\n');
    t.input('ca\t');
    t.output('cat ');
    t.input('/etc/host\t\r');
    t.output('/etc/hostname \r\nbox\r\n');
    expect(lines.map((l) => [l.hidden, l.text])).toEqual([
      [false, 'echo hi'],
      [false, 'cat /etc/hostname'],
    ]);
  });

  it('applies backspace and drops escape sequences', () => {
    const { t, lines } = tracker();
    t.input('ecx');
    t.output('ecx');
    t.input('\u007f');
    t.output('\b \b');
    t.input('ho ok\r');
    t.output('\u001b[1mho ok\u001b[0m\r\nok\r\n');
    expect(lines).toEqual([{ t: 1000, hidden: false, text: 'echo ok' }]);
    expect(renderLine('a\u001b]0;title\u0007b\r\nc')).toBe('ab');
  });

  it('reads a pasted block line by line, each echoed after the output of the one before', () => {
    const { t, lines } = tracker();
    t.input('echo a\recho b\r');
    t.output('echo a\r\n');
    t.output('a\r\nuser@host:~$ ');
    expect(lines.map((l) => l.text)).toEqual(['echo a']);
    t.output('echo b\r\nb\r\n');
    expect(lines.map((l) => [l.hidden, l.text])).toEqual([
      [false, 'echo a'],
      [false, 'echo b'],
    ]);
  });

  it('hides a line typed ahead that never comes back, such as a password pasted after sudo -S', () => {
    vi.useFakeTimers();
    try {
      const { t, lines } = tracker();
      t.input('sudo -S true\rpw-123456\r');
      t.output('sudo -S true\r\n[sudo] password for ops: ');
      t.output('\r\n');
      expect(lines).toHaveLength(1);
      vi.advanceTimersByTime(TYPEAHEAD_WAIT_MS);
      expect(lines.map((l) => [l.hidden, l.text])).toEqual([
        [false, 'sudo -S true'],
        [true, ''],
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps a command whose echo comes back seconds after Enter (a busy target or a slow link)', () => {
    vi.useFakeTimers();
    try {
      const { t, lines } = tracker();
      t.input('echo visible\r');
      vi.advanceTimersByTime(2000);
      expect(lines).toEqual([]);
      t.output('echo visible\r\nvisible\r\n');
      expect(lines).toEqual([{ t: 1000, hidden: false, text: 'echo visible' }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('decides a line that gets no newline after ECHO_WAIT_MS, and everything pending on flush', () => {
    vi.useFakeTimers();
    try {
      const { t, lines } = tracker();
      t.input('secret\r');
      vi.advanceTimersByTime(ECHO_WAIT_MS);
      expect(lines).toEqual([{ t: 1000, hidden: true, text: '' }]);
      t.input('ls');
      t.output('ls');
      t.flush();
      expect(lines[1]).toEqual({ t: expect.any(Number) as number, hidden: false, text: 'ls' });
      expect(t.pending).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});
