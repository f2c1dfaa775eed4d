/**
 * SSH terminal benchmark, side by side in one run through the same sandbox SSH proxy and the same target
 * (the sandbox's built-in target: a real shell in node-pty behind the proxy):
 *   (a) throughput of a flood (`head -c N /dev/zero | base64`, N chosen so ~100 MB are printed):
 *       OpenSSH's `ssh -tt` (bytes read from its stdout) vs PAM Desk (Debian's Chromium → bridge → core →
 *       ssh2 → proxy), counted as the bytes the page acknowledged, which it does once xterm has written
 *       them (target ≥ 0.8× of ssh -tt);
 *   (b) keystroke → echo round trip, timed in the page from the keydown (a capture listener on the window,
 *       before xterm sees it) to xterm having parsed the echo (its onWriteParsed; target p50 ≤ 10 ms) and
 *       drawn it (onRender), beside the time from Playwright's key press in Node (CDP's key dispatch
 *       included) and from the page sending input itself (no key events);
 *   (c) the renderer's longest task during the flood (PerformanceObserver longtask; target ≤ 100 ms);
 *   (d) memory after the flood: the Node process (core + bridge) RSS and heap, the renderer's JS heap
 *       after GC, and the sandbox process's RSS.
 * The sandbox runs in a process of its own, as a real server runs apart from the app (PAM_BENCH_SANDBOX=inprocess
 * runs it inside the core's process, as "Try the sandbox" does).
 * Both floods also report the CPU seconds of every process involved (this one and all below it: Chromium's,
 * ssh, the target's shell): on a shared two-core machine the MB/s swing with the other load, CPU per byte
 * much less. Playwright's DevTools copy of every WebSocket message (support/devtoolsNetwork.ts) is turned
 * off before measuring; BENCH_DEVTOOLS_NETWORK=1 keeps it (as runs before 2026-12 measured).
 * Run: npm run bench -- ssh   (FLOOD_MB=20 for a quicker run; BENCH_APP_SWITCHES=0 leaves out the Chromium
 * switches of the app's window). Where the time goes: PAM_BENCH_PROFILE=echo|flood (the page's CPU profile),
 * node (this process's), trace (the page's main thread by trace event: script, layout, paint, commit;
 * PAM_BENCH_TRACE_CATEGORIES=a,b,… other trace categories, PAM_BENCH_TRACE_FILE=path keeps the trace);
 * PAM_BENCH_CALLERS=<function> adds the stacks that called it.
 */
import { spawn } from 'node:child_process';
import { Session } from 'node:inspector';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { chromiumSwitches } from '../../main/app/chromiumSwitches';
import { ensureRendererBuild } from '../e2e/globalSetup';
import { DashboardPage } from '../e2e/pages/DashboardPage';
import { SignInPage } from '../e2e/pages/SignInPage';
import { TerminalPage } from '../e2e/pages/TerminalPage';
import { launchChromium } from '../e2e/support/chromium';
import { startStack, type Stack } from '../e2e/support/stack';
import { proxyKeyLine } from '../integration/sandbox/ssh/openSshClient';
import { countTreeCpu, formatCpu, rssOf } from './support/processCpu';
import { stopDevtoolsNetworkEvents } from './support/devtoolsNetwork';

const FLOOD_BYTES = Number(process.env.FLOOD_MB ?? 100) * 1_000_000;
/** base64 turns 57 bytes into a 76-character line plus a newline (and the pty adds a carriage return). */
const INPUT_BYTES = Math.round((FLOOD_BYTES / 78) * 57);
const FLOOD = `head -c ${INPUT_BYTES} /dev/zero | base64; echo FLOOD-$((6*7))`;
const ECHO_SAMPLES = 60;
const HOST = 'Web front end';

/**
 * A full GC of this process before its memory is read (the bench runs without --expose-gc: the flag is set at
 * run time and a new context hands out \`gc\`). Without it, (d2) counted buffers the floods left for the GC.
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

interface Row {
  name: string;
  value: number;
  unit: string;
  target: { op: '≤' | '≥'; value: number } | null;
  note?: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ASKPASS = `#!/bin/sh
case "$1" in
  *"Verification code"*) printf '%s\\n' "$PD_BENCH_CODE" ;;
  *) printf '%s\\n' "$PD_BENCH_PASSWORD" ;;
esac
`;

/** OpenSSH's `ssh -tt` through the proxy running the flood; bytes and seconds from first to last byte. */
async function openSshFlood(stack: Stack, username: string): Promise<{ bytes: number; seconds: number }> {
  const sandbox = stack.sandbox;
  const dir = await mkdtemp(path.join(tmpdir(), 'pamdesk-bench-ssh-'));
  try {
    const askpass = path.join(dir, 'askpass.sh');
    await writeFile(askpass, ASKPASS);
    await chmod(askpass, 0o700);
    const knownHosts = path.join(dir, 'known_hosts');
    await writeFile(knownHosts, `[127.0.0.1]:${sandbox.sshProxy.port} ${await proxyKeyLine(sandbox)}\n`);
    const config = path.join(dir, 'ssh_config');
    await writeFile(
      config,
      [
        'Host pamdesk-proxy',
        '  HostName 127.0.0.1',
        `  Port ${sandbox.sshProxy.port}`,
        `  User "${username}"`,
        `  UserKnownHostsFile ${knownHosts}`,
        '  StrictHostKeyChecking yes',
        '  PubkeyAuthentication no',
        '  PreferredAuthentications password,keyboard-interactive',
        '  NumberOfPasswordPrompts 1',
        '',
      ].join('\n'),
    );
    const alice = sandbox.users.find((u) => u.login === 'alice')!;
    return await new Promise((resolve, reject) => {
      const child = spawn('/usr/bin/ssh', ['-tt', '-F', config, 'pamdesk-proxy', FLOOD], {
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          SSH_ASKPASS: askpass,
          SSH_ASKPASS_REQUIRE: 'force',
          DISPLAY: ':0',
          PD_BENCH_PASSWORD: alice.password,
          PD_BENCH_CODE: sandbox.totp('alice'),
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let bytes = 0;
      let first = 0;
      let last = 0;
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        const now = performance.now();
        if (!first) first = now;
        last = now;
        bytes += chunk.length;
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        if (bytes < FLOOD_BYTES * 0.9) reject(new Error(`ssh -tt exited ${code} after ${bytes} bytes: ${stderr}`));
        else resolve({ bytes, seconds: (last - first) / 1000 });
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Counts the bytes the page acknowledges (after xterm wrote them), as they reach the core. */
function countAcks(stack: Stack): { total(): number; counts(): { acks: number; events: number }; restore(): void } {
  const router = stack.bridge.core.router;
  const original = router.handle.bind(router);
  let total = 0;
  let acks = 0;
  let events = 0;
  router.handle = ((channel: string, payload: unknown) => {
    if (channel === 'terminal.ack') {
      total += (payload as { bytes: number }).bytes;
      acks += 1;
    }
    return original(channel, payload);
  }) as typeof router.handle;
  const off = stack.bridge.core.events.subscribe((channel) => {
    if (channel === 'terminal.output') events += 1;
  });
  return {
    total: () => total,
    counts: () => ({ acks, events }),
    restore: () => {
      router.handle = original;
      off();
    },
  };
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function, the 20 largest (PAM_BENCH_PROFILE=1). */
function printProfile(profile: CpuProfile): void {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  profile.samples.forEach((sample, i) => {
    const frame = nodes.get(sample)!.callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.PAM_BENCH_TOP ?? 20)))
    console.log(`   ${ms.toFixed(1).padStart(8)} ms  ${key}`);
  if (process.env.PAM_BENCH_CALLERS) {
    const parent = new Map<number, number>();
    for (const node of profile.nodes as Array<{ id: number; children?: number[] }>)
      for (const child of node.children ?? []) parent.set(child, node.id);
    const name = (id: number) => {
      const f = nodes.get(id)!.callFrame;
      return `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    };
    const stacks = new Map<string, number>();
    profile.samples.forEach((sample, i) => {
      if (!name(sample).startsWith(process.env.PAM_BENCH_CALLERS!)) return;
      const chain: string[] = [];
      for (let id: number | undefined = sample; id !== undefined && chain.length < 8; id = parent.get(id))
        chain.push(name(id));
      const key = chain.join(' < ');
      stacks.set(key, (stacks.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
    for (const [key, ms] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 5))
      console.log(`   ${ms.toFixed(1)} ms ${key}`);
  }
}

/**
 * Time per trace event name on the page's main thread (nested events counted in each; PAM_BENCH_PROFILE=trace),
 * and the longest tasks with the CPU time the thread had in them: on a loaded machine a task's wall time is
 * mostly the time the OS gave the cores to other processes.
 */
function printTrace(buffer: Buffer, seconds: number): void {
  const { traceEvents } = JSON.parse(buffer.toString()) as {
    traceEvents: Array<{
      name: string;
      ph: string;
      ts: number;
      dur?: number;
      tdur?: number;
      pid: number;
      tid: number;
      args?: { name?: string };
    }>;
  };
  const main = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const totals = new Map<string, { ms: number; count: number }>();
  const onMain = traceEvents
    .filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  for (const event of onMain) {
    const total = totals.get(event.name) ?? { ms: 0, count: 0 };
    total.ms += event.dur! / 1000;
    total.count += 1;
    totals.set(event.name, total);
  }
  console.log(`   page main thread over ${seconds.toFixed(1)} s (nested events counted in each):`);
  for (const [name, { ms, count }] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
    console.log(`   ${ms.toFixed(1).padStart(8)} ms ${String(count).padStart(6)}×  ${name}`);
  // Top-level tasks: events not inside an earlier one.
  const tasks: typeof onMain = [];
  let end = 0;
  for (const event of onMain)
    if (event.ts >= end) {
      tasks.push(event);
      end = event.ts + event.dur!;
    }
  const longest = tasks.sort((a, b) => b.dur! - a.dur!).slice(0, 5);
  console.log(
    `   longest tasks, wall / thread CPU: ${longest.map((t) => `${(t.dur! / 1000).toFixed(0)} / ${((t.tdur ?? 0) / 1000).toFixed(0)} ms`).join(', ')}`,
  );
}

/** This Node process's CPU profile, from now until the returned function is called (PAM_BENCH_PROFILE=node). */
async function startNodeProfile(): Promise<() => Promise<CpuProfile>> {
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  return async () => {
    const { profile } = (await post('Profiler.stop')) as { profile: CpuProfile };
    session.disconnect();
    return profile;
  };
}

/** The renderer's main-thread counters (seconds): TaskDuration, ScriptDuration, LayoutDuration, … */
async function rendererMetrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

function traceMain(stack: Stack) {
  const router = stack.bridge.core.router;
  const original = router.handle.bind(router);
  const inputs: number[] = [];
  const deltas: number[] = [];
  router.handle = ((channel: string, payload: unknown) => {
    if (channel === 'terminal.input') inputs.push(performance.now());
    return original(channel, payload);
  }) as typeof router.handle;
  const off = stack.bridge.core.events.subscribe((channel) => {
    if (channel === 'terminal.output' && inputs.length) deltas.push(performance.now() - inputs.at(-1)!);
  });
  return {
    stop() {
      router.handle = original;
      off();
      deltas.sort((a, b) => a - b);
      console.log(`   main: terminal.input → terminal.output p50 ${percentile(deltas, 50).toFixed(2)} ms`);
    },
  };
}

/** In the page: the time of every terminal.output message from the bridge's socket (installed before load). */
const RECORD_OUTPUT_TIMES = `(() => {
  const times = (window.__outputTimes = []);
  const sent = (window.__inputTimes = []);
  const Original = window.WebSocket;
  let last = [new Uint8Array(0), new Uint8Array(0)];
  window.__tail = () =>
    last.map((bytes) => String.fromCharCode(...bytes.subarray(Math.max(0, bytes.length - 4096)))).join('').slice(-4096);
  window.WebSocket = class extends Original {
    send(data) {
      if (typeof data === 'string' && data.includes('"terminal.input"')) sent.push(performance.now());
      return super.send(data);
    }
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        // terminal.output comes as a binary message: [u32 header length][JSON header][bytes].
        if (!(event.data instanceof ArrayBuffer)) return;
        const length = new DataView(event.data).getUint32(0, true);
        const header = JSON.parse(new TextDecoder().decode(new Uint8Array(event.data, 4, length)));
        if (header.event !== 'terminal.output') return;
        times.push(performance.now());
        window.__onOutput?.(performance.now());
        // The last two messages' bytes, read only when asked for (window.__tail()).
        last = [last[1], new Uint8Array(event.data, 4 + length)];
      });
    }
  };
})()`;

/**
 * Hooks the page's xterm (found through React's fibre of the terminal's screen: the view keeps it in a ref)
 * so the page notes when xterm has parsed bytes (onWriteParsed) and drawn them (onRender), and notes every
 * keydown at the window in the capture phase, before xterm or anything else sees it.
 */
const HOOK_XTERM = `(() => {
  window.__keydowns = [];
  window.addEventListener('keydown', () => window.__keydowns.push(performance.now()), { capture: true });
  const screen = document.querySelector('[data-testid="terminal-tab"] [data-testid="terminal-screen"]');
  let fiber = screen[Object.keys(screen).find((key) => key.startsWith('__reactFiber$'))];
  for (; fiber; fiber = fiber.return) {
    for (let hook = fiber.memoizedState; hook && typeof hook === 'object' && 'next' in hook; hook = hook.next) {
      const term = hook.memoizedState?.current;
      if (term && typeof term.onWriteParsed === 'function' && typeof term.onRender === 'function') {
        window.__parsed = [];
        window.__rendered = [];
        term.onWriteParsed(() => window.__parsed.push(performance.now()));
        term.onRender(() => window.__rendered.push(performance.now()));
        return true;
      }
    }
  }
  return false;
})()`;

interface EchoSamples {
  /** keydown in the page → the echo's message in the page (ms, sorted). */
  arrive: number[];
  /** keydown → xterm has parsed the echo. */
  parsed: number[];
  /** keydown → xterm has drawn it (its onRender after the parse). */
  rendered: number[];
  /** keydown → the page's socket sent the key to main. */
  sent: number[];
  /** Playwright's keyboard.press called in Node → xterm has parsed the echo (both clocks on the epoch). */
  playwright: number[];
}

async function echoRoundTrips(page: Page, terminal: TerminalPage): Promise<EchoSamples> {
  if (!(await page.evaluate(HOOK_XTERM))) throw new Error("the page's xterm was not found");
  const textarea = terminal.tab().locator('.xterm-helper-textarea');
  await textarea.focus();
  const samples: EchoSamples = { arrive: [], parsed: [], rendered: [], sent: [], playwright: [] };
  for (let i = 0; i < ECHO_SAMPLES; i++) {
    const key = 'abcdefghijklmnopqrstuvwxyz'[i % 26]!;
    const before = (await page.evaluate(
      '[window.__keydowns.length, window.__outputTimes.length, window.__inputTimes.length]',
    )) as [number, number, number];
    const pressed = performance.timeOrigin + performance.now();
    await page.keyboard.press(key);
    const handle = await page.waitForFunction(
      ([keys, outputs, inputs]) => {
        const w = window as unknown as Record<string, number[]>;
        const keydown = w.__keydowns![keys];
        const arrived = w.__outputTimes![outputs];
        const sent = w.__inputTimes![inputs];
        if (keydown === undefined || arrived === undefined || sent === undefined) return null;
        const parsed = w.__parsed!.find((t) => t >= arrived);
        const rendered = parsed === undefined ? undefined : w.__rendered!.find((t) => t >= parsed);
        if (rendered === undefined) return null;
        return [keydown, sent, arrived, parsed!, rendered, performance.timeOrigin] as const;
      },
      before,
      { polling: 'raf', timeout: 10_000 },
    );
    const [keydown, sent, arrived, parsed, rendered, origin] = (await handle.jsonValue())!;
    samples.sent.push(sent - keydown);
    samples.arrive.push(arrived - keydown);
    samples.parsed.push(parsed - keydown);
    samples.rendered.push(rendered - keydown);
    samples.playwright.push(origin + parsed - pressed);
  }
  // Rub the typed letters out again.
  await page.keyboard.press('Control+u');
  for (const list of Object.values(samples)) list.sort((a: number, b: number) => a - b);
  return samples;
}

const p50p95 = (sorted: number[]) =>
  `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms`;

function printTable(rows: Row[]): boolean {
  let ok = true;
  const line = (cells: string[]) =>
    `   ${cells[0]!.padEnd(56)} ${cells[1]!.padStart(13)}  ${cells[2]!.padStart(13)}  ${cells[3]}`;
  console.log(line(['measure', 'value', 'target', 'result']));
  for (const row of rows) {
    const pass =
      row.target === null || (row.target.op === '≤' ? row.value <= row.target.value : row.value >= row.target.value);
    ok &&= pass;
    const digits = row.unit === 'ms' ? 1 : row.unit === '×' ? 2 : 1;
    const value = `${row.value.toFixed(digits)} ${row.unit}`;
    const target = row.target === null ? '—' : `${row.target.op} ${row.target.value} ${row.unit}`;
    console.log(
      line([row.name, value, target, row.target === null ? 'info' : pass ? 'PASS' : 'FAIL']) +
        (row.note ? `  (${row.note})` : ''),
    );
  }
  return ok;
}

export default async function run(): Promise<boolean> {
  // The sandbox (SSH proxy and built-in target) runs in a process of its own, as a real server runs apart from
  // the app: in the core's process its terminal reads waited behind the client's work in one event loop.
  // PAM_BENCH_SANDBOX=inprocess puts it back beside the core (as "Try the sandbox" runs it, and as runs
  // before 2026-12-01 measured).
  const inProcess = process.env.PAM_BENCH_SANDBOX === 'inprocess';
  const stack = await startStack({
    rendererDir: ensureRendererBuild(),
    pollIntervalMs: 60_000,
    sandboxProcess: !inProcess,
  });
  // The switches of the app's own Electron window (main/app/chromiumSwitches.ts), so the page runs as it would
  // there. Headless Chromium has no GPU: the terminal falls back to the DOM renderer (a desktop with a GPU
  // draws with WebGL). BENCH_GPU=swiftshader gives it WebGL2 in software (ANGLE/SwiftShader) and has the
  // terminal use it, so that xterm's WebGL renderer is measured too (slower: the CPU draws every pixel).
  const appSwitches = chromiumSwitches().map(([name, value]) => `--${name}=${value}`);
  const browser = process.env.BENCH_GPU
    ? await chromium.launch({
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--use-angle=swiftshader',
          '--enable-unsafe-swiftshader',
          '--disable-quic',
          ...appSwitches,
        ],
      })
    : await launchChromium(process.env.BENCH_APP_SWITCHES === '0' ? [] : appSwitches);
  const rows: Row[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addInitScript(RECORD_OUTPUT_TIMES);
    if (process.env.BENCH_GPU) await context.addInitScript(`localStorage.setItem('pamDesk.terminal.gpu', 'on')`);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(stack.bridge.url);
    await new SignInPage(page).signInToSandboxAs('alice');
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();
    const row = dashboard.row(HOST, 'Logged In').first();
    await row.waitFor();

    const terminal = new TerminalPage(page);
    // What terminal.open answered the page: the terminal's id and the login name at the proxy.
    const opened = { terminalId: '', username: '' };
    const router = stack.bridge.core.router;
    const handle = router.handle.bind(router);
    router.handle = (async (channel: string, payload: unknown) => {
      const result = await handle(channel, payload);
      if (channel === 'terminal.open' && result.ok) Object.assign(opened, result.value);
      return result;
    }) as typeof router.handle;
    const alice = stack.sandbox.users.find((u) => u.login === 'alice')!;
    await terminal.launchIcon(row).click();
    await terminal.answerPassword(alice.password);
    await terminal.answerCodeWithSandboxHelp();
    await page.waitForFunction(() => /[$#] $/.test((window as unknown as { __tail(): string }).__tail()), null, {
      timeout: 20_000,
    });
    const renderer = await terminal.tab().getAttribute('data-renderer');
    if (process.env.BENCH_DEVTOOLS_NETWORK !== '1') await stopDevtoolsNetworkEvents(page);
    router.handle = handle;
    const { terminalId } = opened;
    console.log(
      `   target: the sandbox's built-in target (node-pty shell) for "${HOST}", through the sandbox SSH proxy`,
    );
    console.log(`   terminal renderer in the page: ${renderer}`);
    console.log(
      `   Chromium switches of the app's window: ${process.env.BENCH_APP_SWITCHES === '0' && !process.env.BENCH_GPU ? 'none (BENCH_APP_SWITCHES=0)' : appSwitches.join(' ')}`,
    );
    console.log(`   flood: ${FLOOD}  (~${(FLOOD_BYTES / 1e6).toFixed(0)} MB printed)`);

    // (b) keystroke → echo, on an idle terminal.
    if (process.env.PAM_BENCH_PROFILE === 'echo') {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const mainSide = traceMain(stack);
    const echo = await echoRoundTrips(page, terminal);
    mainSide.stop();
    if (process.env.PAM_BENCH_PROFILE === 'echo') {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      printProfile(profile);
    }
    const direct = (await page.evaluate(`(async () => {
      const samples = [];
      for (let i = 0; i < ${ECHO_SAMPLES}; i++) {
        const arrived = new Promise((resolve) => (window.__onOutput = resolve));
        const started = performance.now();
        void window.pam.terminal.input({ terminalId: ${JSON.stringify(terminalId)}, data: 'y' });
        samples.push((await arrived) - started);
      }
      window.__onOutput = null;
      return samples.sort((a, b) => a - b);
    })()`)) as number[];
    await page.keyboard.press('Control+u');
    rows.push({
      name: '(b1) keydown → echo parsed by xterm in the page, p50',
      value: percentile(echo.parsed, 50),
      unit: 'ms',
      target: { op: '≤', value: 10 },
      note: `p95 ${percentile(echo.parsed, 95).toFixed(1)} ms, ${ECHO_SAMPLES} keys; keydown → sent ${p50p95(echo.sent)}; → echo message ${p50p95(echo.arrive)}`,
    });
    rows.push({
      name: '(b2) keydown → echo drawn by xterm (onRender), p50',
      value: percentile(echo.rendered, 50),
      unit: 'ms',
      target: null,
      note: `p95 ${percentile(echo.rendered, 95).toFixed(1)} ms; ${renderer} renderer, drawn at the next frame`,
    });
    rows.push({
      name: "(b3) Playwright's key press (Node) → echo parsed, p50",
      value: percentile(echo.playwright, 50),
      unit: 'ms',
      target: null,
      note: `p95 ${percentile(echo.playwright, 95).toFixed(1)} ms: includes CDP's key dispatch`,
    });
    rows.push({
      name: '(b4) input sent by the page → echo bytes in the page, p50',
      value: percentile(direct, 50),
      unit: 'ms',
      target: null,
      note: `p95 ${percentile(direct, 95).toFixed(1)} ms: the same without key events`,
    });

    // (a) OpenSSH first, then PAM Desk, through the same proxy and target.
    // A code is good once: ssh -tt waits for one neither sign-in nor the launch used.
    while (!stack.sandbox.freshCode('alice')) await new Promise((resolve) => setTimeout(resolve, 250));
    const openSshCpu = countTreeCpu();
    const openSsh = await openSshFlood(stack, opened.username);
    const openSshUsed = openSshCpu();
    const openSshRate = openSsh.bytes / openSsh.seconds;

    await page.evaluate(`(() => {
      const store = (window.__longTasks = []);
      new PerformanceObserver((list) => list.getEntries().forEach((e) => store.push(e.duration))).observe({ type: 'longtask' });
    })()`);
    if (process.env.PAM_BENCH_PROFILE === 'flood') {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const nodeProfiler = process.env.PAM_BENCH_PROFILE === 'node' ? await startNodeProfile() : null;
    if (process.env.PAM_BENCH_PROFILE === 'trace')
      await browser.startTracing(page, {
        categories: process.env.PAM_BENCH_TRACE_CATEGORIES?.split(',') ?? [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'v8',
        ],
      });
    const framesBefore = (await page.evaluate('window.__rendered.length')) as number;
    const acks = countAcks(stack);
    await cdp.send('Performance.enable');
    const metricsBefore = await rendererMetrics(cdp);
    const cpuBefore = process.cpuUsage();
    const treeCpu = countTreeCpu();
    const started = performance.now();
    await terminal.type(`${FLOOD}\n`);
    // The command's own echo is acknowledged too; the flood is what follows.
    while (acks.total() < FLOOD_BYTES) {
      if (performance.now() - started > 600_000) throw new Error(`flood stalled at ${acks.total()} bytes`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const treeUsed = treeCpu();
    if (nodeProfiler) printProfile(await nodeProfiler());
    if (process.env.PAM_BENCH_PROFILE === 'trace') {
      const buffer = await browser.stopTracing();
      if (process.env.PAM_BENCH_TRACE_FILE) await writeFile(process.env.PAM_BENCH_TRACE_FILE, buffer);
      printTrace(buffer, seconds);
    }
    const metricsAfter = await rendererMetrics(cdp);
    const frames = ((await page.evaluate('window.__rendered.length')) as number) - framesBefore;
    await page.waitForFunction(
      () => /\nFLOOD-42\r\n/.test((window as unknown as { __tail(): string }).__tail()),
      null,
      { timeout: 60_000, polling: 200 },
    );
    if (process.env.PAM_BENCH_PROFILE === 'flood') {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      printProfile(profile);
    }
    const delivered = acks.total();
    const { acks: ackCount, events: eventCount } = acks.counts();
    acks.restore();
    const rate = delivered / seconds;
    rows.push({
      name: '(a1) OpenSSH ssh -tt through the proxy',
      value: openSshRate / 1e6,
      unit: 'MB/s',
      target: null,
      note: `${(openSsh.bytes / 1e6).toFixed(1)} MB in ${openSsh.seconds.toFixed(1)} s; ${formatCpu(openSshUsed)}`,
    });
    rows.push({
      name: '(a2) PAM Desk: drawn into xterm in Chromium via the bridge',
      value: rate / 1e6,
      unit: 'MB/s',
      target: null,
      note: `${(delivered / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s; ${eventCount} terminal.output events, ${ackCount} acks; ${formatCpu(treeUsed)}`,
    });
    rows.push({
      name: '(a3) PAM Desk ÷ ssh -tt',
      value: rate / openSshRate,
      unit: '×',
      target: { op: '≥', value: 0.8 },
    });
    rows.push({
      name: '(a4) during it: renderer main thread busy',
      value: (100 * (metricsAfter.TaskDuration! - metricsBefore.TaskDuration!)) / seconds,
      unit: '%',
      target: null,
      note: `script ${(metricsAfter.ScriptDuration! - metricsBefore.ScriptDuration!).toFixed(2)} s, layout ${(metricsAfter.LayoutDuration! - metricsBefore.LayoutDuration!).toFixed(2)} s, style ${(metricsAfter.RecalcStyleDuration! - metricsBefore.RecalcStyleDuration!).toFixed(2)} s; ${metricsAfter.LayoutCount! - metricsBefore.LayoutCount!} layouts, ${metricsAfter.RecalcStyleCount! - metricsBefore.RecalcStyleCount!} style passes`,
    });
    rows.push({
      name: `(a5) during it: Node process (core + bridge${inProcess ? ' + sandbox' : ''}) CPU`,
      value: (100 * (cpu.user + cpu.system)) / 1e6 / seconds,
      unit: '%',
      target: null,
      note: `user ${(cpu.user / 1e6).toFixed(2)} s, system ${(cpu.system / 1e6).toFixed(2)} s; load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    });
    rows.push({
      name: '(a6) during it: frames xterm drew',
      value: frames / seconds,
      unit: '/s',
      target: null,
      note: `${frames} frames`,
    });
    const longTasks = (await page.evaluate('window.__longTasks')) as number[];
    rows.push({
      name: '(c) renderer longest task during the flood',
      value: Math.max(0, ...longTasks),
      unit: 'ms',
      target: { op: '≤', value: 100 },
      note: `${longTasks.length} long tasks (> 50 ms)`,
    });

    // (d) memory after the flood.
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    collectGarbage();
    const memory = process.memoryUsage();
    rows.push({ name: '(d1) renderer JS heap after GC', value: heap.usedSize / 1048576, unit: 'MB', target: null });
    rows.push({
      name: `(d2) main (core + bridge${inProcess ? ' + sandbox, one process' : ''}) RSS`,
      value: memory.rss / 1048576,
      unit: 'MB',
      target: null,
      note: `JS heap ${(memory.heapUsed / 1048576).toFixed(1)} MB, buffers ${(memory.arrayBuffers / 1048576).toFixed(1)} MB`,
    });
    if (stack.sandboxPid !== null)
      rows.push({
        name: '(d3) the sandbox process RSS',
        value: rssOf(stack.sandboxPid) / 1048576,
        unit: 'MB',
        target: null,
      });
    await context.close();
  } finally {
    await browser.close();
    await stack.stop();
  }
  return printTable(rows);
}
