/**
 * How each terminal is told to run `ssh`: a program and an argument array. Linux terminals take the command
 * as separate words after `-e` / `--` and inherit the environment (the askpass variables); macOS Terminal
 * takes one command string through AppleScript, in a new shell that does not inherit ours, so there the
 * variables go through `env` and every word is POSIX-quoted (`posixQuote.ts`) and then escaped as an
 * AppleScript string. Windows is not built: its askpass needs a named pipe helper (see README).
 */
import type { TerminalId } from './clientDetect';
import { quoteCommand } from './posixQuote';

export interface Spawnable {
  program: string;
  args: string[];
}

export class TerminalUnsupported extends Error {
  constructor(terminal: string) {
    super(`PAM Desk cannot start ssh in ${terminal} yet. Copy the SSH command instead.`);
    this.name = 'TerminalUnsupported';
  }
}

export function appleScriptString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function terminalCommand(
  terminal: { id: TerminalId; program: string },
  ssh: Spawnable,
  env: Record<string, string>,
): Spawnable {
  switch (terminal.id) {
    case 'x-terminal-emulator':
    case 'konsole':
    case 'xterm':
      return { program: terminal.program, args: ['-e', ssh.program, ...ssh.args] };
    case 'gnome-terminal':
      return { program: terminal.program, args: ['--wait', '--', ssh.program, ...ssh.args] };
    case 'macos-terminal': {
      const assignments = Object.entries(env).map(([key, value]) => {
        if (!/^[A-Z_][A-Z0-9_]*$/.test(key)) throw new TypeError(`not an environment variable name: ${key}`);
        return `${key}=${value}`;
      });
      const command = quoteCommand(['/usr/bin/env', ...assignments, ssh.program, ...ssh.args]);
      return {
        program: terminal.program,
        args: [
          '-e',
          `tell application "Terminal" to do script ${appleScriptString(command)}`,
          '-e',
          'tell application "Terminal" to activate',
        ],
      };
    }
    default:
      throw new TerminalUnsupported(terminal.id);
  }
}
