/**
 * The sandbox's built-in SSH target: so that the proxy has a real host behind it on any laptop, every
 * resource without an `sshTarget` gets its own small SSH server on 127.0.0.1 (a free port, started at
 * first use). It accepts exactly the login account's *current* password — after rotation at session end
 * the old one fails — and gives a real shell in a pseudo-terminal (node-pty) in a throw-away home folder
 * that is deleted when the connection closes.
 *
 * The shell runs as the user running the sandbox, which is why it listens on loopback only and is
 * reached only through the proxy's checks in normal use.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { closeServer, listen } from '../net/listen';
import { setPriority, tmpdir } from 'node:os';
import path from 'node:path';
import ssh2, { type Connection, type Server, type ServerChannel } from 'ssh2';
import type { Resource } from '../directory/types';
import type { HostKey } from './hostKey';

export interface BuiltInTargetDeps {
  hostKey: HostKey;
  /** Whether `password` opens `account` on `resource` now. */
  checkPassword(resource: string, account: string, password: string): boolean;
  log(line: string): void;
}

interface PtyLike {
  readonly pid: number;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  kill(): void;
  /** Stops reading the terminal's output (the program blocks once its buffer is full) until `resume`. */
  pause(): void;
  resume(): void;
  onData(listener: (data: string) => void): void;
  onExit(listener: (code: number) => void): void;
}

type PtySpawner = (
  file: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  cols: number,
  rows: number,
  term: string,
) => PtyLike;

let spawnerPromise: Promise<PtySpawner> | null = null;

/** node-pty when it loads; otherwise util-linux `script`, which also gives a pseudo-terminal (without resize). */
function ptySpawner(log: (line: string) => void): Promise<PtySpawner> {
  spawnerPromise ??= import('node-pty').then(
    (mod): PtySpawner =>
      (file, args, cwd, env, cols, rows, term) => {
        // node-pty is CommonJS: its functions arrive as the default export.
        const pty = (mod as unknown as { default?: typeof mod }).default ?? mod;
        const p = pty.spawn(file, args, { name: term, cols, rows, cwd, env: env as Record<string, string> });
        return {
          pid: p.pid,
          write: (data) => p.write(data),
          resize: (c, r) => p.resize(Math.max(1, c), Math.max(1, r)),
          kill: () => p.kill(),
          pause: () => p.pause(),
          resume: () => p.resume(),
          onData: (listener) => void p.onData(listener),
          onExit: (listener) => void p.onExit((e) => listener(e.exitCode)),
        };
      },
    (error: unknown): PtySpawner => {
      log(`[ssh-target] node-pty is not available (${(error as Error).message}); using script(1) for terminals`);
      return (file, args, cwd, env, cols, rows) => {
        const command = [file, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
        const child = spawn('script', ['-qfec', `stty cols ${cols} rows ${rows}; exec ${command}`, '/dev/null'], {
          cwd,
          env,
        });
        return {
          pid: child.pid ?? 0,
          write: (data) => child.stdin.write(data),
          resize: () => undefined,
          kill: () => child.kill('SIGHUP'),
          pause: () => child.stdout.pause(),
          resume: () => child.stdout.resume(),
          onData: (listener) => {
            child.stdout.on('data', (d: Buffer) => listener(d.toString('utf8')));
            child.stderr.on('data', (d: Buffer) => listener(d.toString('utf8')));
          },
          onExit: (listener) => child.on('close', (code) => listener(code ?? 1)),
        };
      };
    },
  );
  return spawnerPromise;
}

const SHELL = existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';
/** After a shell exits, its output is taken as complete once it has been quiet this long (at most the max). */
const PTY_SETTLE_MS = 30;
const PTY_SETTLE_MAX_MS = 1000;

/**
 * The nice value of the built-in target's shells (and what they start). A real target is another machine;
 * this one shares the laptop with PAM Desk itself, and a flood in its shell (`yes`, `cat` of a large file)
 * would otherwise take the CPU from the app's window as much as the window needs it to draw the flood.
 */
export const SHELL_NICE = 10;

function lowerPriority(pid: number, log: (line: string) => void): void {
  // 0 would be this process itself (a shell that did not start has no pid).
  if (!(pid > 0)) return;
  try {
    setPriority(pid, SHELL_NICE);
  } catch (error) {
    log(`[ssh-target] could not lower the priority of a shell: ${(error as Error).message}`);
  }
}

export class BuiltInTargets {
  readonly #servers = new Map<string, Promise<{ server: Server; port: number }>>();
  readonly #connections = new Set<Connection>();
  /** Running shells and their home folders, so that `stop()` leaves nothing behind. */
  readonly #running = new Map<PtyLike | ChildProcess, string>();
  readonly #removing = new Set<Promise<void>>();
  /** Terminal channels with output not yet taken by the client, and whether their terminal is paused. */
  readonly #outputs = new Map<ServerChannel, { paused: boolean }>();

  constructor(private readonly deps: BuiltInTargetDeps) {}

  /**
   * Terminal output held here for clients that read slower than their programs write: how many terminals
   * are paused (their program waits), and the bytes buffered in all channels.
   */
  outputBacklog(): { pausedTerminals: number; bufferedBytes: number } {
    let pausedTerminals = 0;
    let bufferedBytes = 0;
    for (const [channel, state] of this.#outputs) {
      if (state.paused) pausedTerminals += 1;
      bufferedBytes += channel.writableLength;
    }
    return { pausedTerminals, bufferedBytes };
  }

  get fingerprint(): string {
    return this.deps.hostKey.fingerprint;
  }

  /** The loopback port of `resource`'s built-in host, started on first use. */
  async portOf(resource: Resource): Promise<number> {
    let entry = this.#servers.get(resource.id);
    if (!entry) {
      entry = this.#start(resource);
      this.#servers.set(resource.id, entry);
    }
    return (await entry).port;
  }

  async stop(): Promise<void> {
    for (const connection of this.#connections) connection.end();
    for (const [process, home] of this.#running) {
      try {
        process.kill();
      } catch {
        // Already gone.
      }
      this.#removeHome(home);
    }
    this.#running.clear();
    const servers = await Promise.allSettled([...this.#servers.values()]);
    this.#servers.clear();
    await Promise.all([...this.#removing]);
    await Promise.all(servers.map((s) => (s.status === 'fulfilled' ? closeServer(s.value.server) : undefined)));
  }

  async #start(resource: Resource): Promise<{ server: Server; port: number }> {
    const server = new ssh2.Server(
      { hostKeys: [this.deps.hostKey.privateKey], ident: 'PAMDeskSandboxTarget' },
      (client) => this.#serve(resource, client),
    );
    const port = await listen(server, '127.0.0.1', 0);
    server.on('error', (error: Error) => this.deps.log(`[ssh-target] ${resource.name}: ${error.message}`));
    return { server, port };
  }

  #removeHome(home: string): void {
    const removal = rm(home, { recursive: true, force: true }).catch(() => undefined);
    this.#removing.add(removal);
    void removal.finally(() => this.#removing.delete(removal));
  }

  #serve(resource: Resource, client: Connection): void {
    this.#connections.add(client);
    let account = '';
    client.on('error', () => undefined);
    client.on('close', () => this.#connections.delete(client));
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'password') return ctx.reject(['password']);
      if (!this.deps.checkPassword(resource.name, ctx.username, ctx.password)) return ctx.reject(['password']);
      account = ctx.username;
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        let terminal: { term: string; cols: number; rows: number } | null = null;
        let running: PtyLike | ChildProcess | null = null;
        session.on('pty', (accept, _reject, info) => {
          terminal = { term: info.term || 'xterm', cols: info.cols || 80, rows: info.rows || 24 };
          accept?.();
        });
        session.on('window-change', (accept, _reject, info) => {
          if (running && 'resize' in running) running.resize(info.cols, info.rows);
          accept?.();
        });
        session.on('env', (accept) => accept?.());
        const run = (channel: ServerChannel, command: string | null) => {
          void this.#run(resource, account, channel, command, terminal).then(
            (process) => (running = process),
            (error: unknown) => {
              channel.stderr.write(`could not start a shell: ${(error as Error).message}\r\n`);
              channel.exit(1);
              channel.end();
            },
          );
        };
        session.on('shell', (accept) => run(accept(), null));
        session.on('exec', (accept, _reject, info) => run(accept(), info.command));
      });
    });
  }

  async #run(
    resource: Resource,
    account: string,
    channel: ServerChannel,
    command: string | null,
    terminal: { term: string; cols: number; rows: number } | null,
  ): Promise<PtyLike | ChildProcess> {
    const home = await mkdtemp(path.join(tmpdir(), 'pamdesk-home-'));
    let started: PtyLike | ChildProcess | null = null;
    const cleanup = () => {
      if (started) this.#running.delete(started);
      this.#removeHome(home);
    };
    // A clean environment: nothing of the sandbox process (or its secrets) reaches the shell.
    const env: NodeJS.ProcessEnv = {
      HOME: home,
      USER: account,
      LOGNAME: account,
      SHELL,
      PATH: '/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin',
      LANG: 'C.UTF-8',
      TERM: terminal?.term ?? 'dumb',
      PS1: `${account}@${resource.name}:\\w\\$ `,
    };
    const args =
      command === null ? (SHELL === '/bin/bash' ? ['--noprofile', '--norc', '-i'] : ['-i']) : ['-c', command];
    if (terminal) {
      const spawnPty = await ptySpawner(this.deps.log);
      const pty = spawnPty(SHELL, args, home, env, terminal.cols, terminal.rows, terminal.term);
      lowerPriority(pty.pid, this.deps.log);
      let lastDataAt = Date.now();
      // Backpressure: while the channel holds more than its buffer (the client reads slower than the program
      // writes: a flood), the terminal is not read, so the program waits instead of the output piling up here.
      const output = { paused: false };
      this.#outputs.set(channel, output);
      channel.once('close', () => this.#outputs.delete(channel));
      pty.onData((data) => {
        lastDataAt = Date.now();
        if (!channel.write(data) && !output.paused) {
          output.paused = true;
          pty.pause();
          channel.once('drain', () => {
            output.paused = false;
            pty.resume();
          });
        }
      });
      channel.on('data', (data: Buffer) => pty.write(data.toString('utf8')));
      pty.onExit((code) => {
        // node-pty may report the exit before the last output: let the output settle first.
        const exitAt = Date.now();
        const finish = () => {
          if (Date.now() - lastDataAt < PTY_SETTLE_MS && Date.now() - exitAt < PTY_SETTLE_MAX_MS) {
            setTimeout(finish, PTY_SETTLE_MS).unref();
            return;
          }
          channel.exit(code);
          channel.end();
          cleanup();
        };
        setTimeout(finish, PTY_SETTLE_MS).unref();
      });
      channel.on('close', () => {
        try {
          pty.kill();
        } catch {
          // Already gone.
        }
      });
      started = pty;
      this.#running.set(pty, home);
      return pty;
    }
    const child = spawn(SHELL, args, { cwd: home, env, stdio: ['pipe', 'pipe', 'pipe'] });
    lowerPriority(child.pid ?? 0, this.deps.log);
    child.stdout.pipe(channel, { end: false });
    child.stderr.pipe(channel.stderr, { end: false });
    channel.pipe(child.stdin);
    child.on('error', () => undefined);
    child.on('close', (code) => {
      channel.exit(code ?? 1);
      channel.end();
      cleanup();
    });
    channel.on('close', () => child.kill('SIGHUP'));
    started = child;
    this.#running.set(child, home);
    return child;
  }
}
