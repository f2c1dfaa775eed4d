/**
 * SSH terminal benchmark, side by side in one run through the same sandbox SSH proxy and the same target
 * (the sandbox's built-in target: a real shell in node-pty behind the proxy):
 *   (a) throughput of a flood (`head -c N /dev/zero | base64`, N chosen so ~100 MB are printed):
 *       OpenSSH's `ssh -tt` (bytes read from its stdout) vs PAM Desk (Debian's Chromium → bridge → core →
 *       ssh2 → proxy), counted as the bytes the page acknowledged, which it does once xterm has written
 *       them (target ≥ 0.8× of ssh -tt);
 *   (b) keystroke → echo round trip in the page: key event → the echo's bytes arrive in the page, and →
 *       the echo is drawn on screen (target p50 ≤ 10 ms for arrival);
 *   (c) the renderer's longest task during the flood (PerformanceObserver longtask; target ≤ 100 ms);
 *   (d) memory after the flood: the Node process (core + bridge + sandbox in this run) RSS and heap, and
 *       the renderer's JS heap after GC.
 * Run: npm run bench -- ssh   (FLOOD_MB=20 for a quicker run)
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { ensureRendererBuild } from '../e2e/globalSetup';
import { DashboardPage } from '../e2e/pages/DashboardPage';
import { SignInPage } from '../e2e/pages/SignInPage';
import { TerminalPage } from '../e2e/pages/TerminalPage';
import { launchChromium } from '../e2e/support/chromium';
import { startStack, type Stack } from '../e2e/support/stack';
import { proxyKeyLine } from '../integration/sandbox/ssh/openSshClient';

const FLOOD_BYTES = Number(process.env.FLOOD_MB ?? 100) * 1_000_000;
/** base64 turns 57 bytes into a 76-character line plus a newline (and the pty adds a carriage return). */
const INPUT_BYTES = Math.round((FLOOD_BYTES / 78) * 57);
const FLOOD = `head -c ${INPUT_BYTES} /dev/zero | base64; echo FLOOD-$((6*7))`;
const ECHO_SAMPLES = 60;
const HOST = 'Web front end';

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
function countAcks(stack: Stack): { total(): number; restore(): void } {
  const router = stack.bridge.core.router;
  const original = router.handle.bind(router);
  let total = 0;
  router.handle = ((channel: string, payload: unknown) => {
    if (channel === 'terminal.ack') total += (payload as { bytes: number }).bytes;
    return original(channel, payload);
  }) as typeof router.handle;
  return { total: () => total, restore: () => (router.handle = original) };
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
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20))
    console.log(`   ${ms.toFixed(1).padStart(8)} ms  ${key}`);
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
        const tail = new Uint8Array(event.data, Math.max(4 + length, event.data.byteLength - 4096));
        window.__outputTail = ((window.__outputTail || '') + String.fromCharCode(...tail)).slice(-4096);
      });
    }
  };
})()`;

async function echoRoundTrips(
  page: Page,
  terminal: TerminalPage,
  dom: boolean,
): Promise<{ arrive: number[]; drawn: number[]; sent: number }> {
  const textarea = terminal.tab().locator('.xterm-helper-textarea');
  await textarea.focus();
  const arrive: number[] = [];
  const drawn: number[] = [];
  const sent: number[] = [];
  for (let i = 0; i < ECHO_SAMPLES; i++) {
    const key = 'abcdefghijklmnopqrstuvwxyz'[i % 26]!;
    await page.evaluate(`(() => {
      const rows = document.querySelector('[data-testid="terminal-tab"] .xterm-rows');
      const slot = (window.__echo = { key: 0, drawn: ${dom ? 0 : -1}, before: window.__outputTimes.length });
      const observer = new MutationObserver(() => {
        if (!slot.drawn) { slot.drawn = performance.now(); observer.disconnect(); }
      });
      if (rows) observer.observe(rows, { subtree: true, childList: true, characterData: true });
      document.querySelector('[data-testid="terminal-tab"] .xterm-helper-textarea')
        .addEventListener('keydown', () => (slot.key = performance.now()), { once: true, capture: true });
    })()`);
    await page.keyboard.press(key);
    await page.waitForFunction(
      () => {
        const w = window as unknown as { __echo: { drawn: number; before: number }; __outputTimes: number[] };
        return w.__echo.drawn !== 0 && w.__outputTimes.length > w.__echo.before;
      },
      null,
      { polling: 'raf', timeout: 10_000 },
    );
    const sample = (await page.evaluate(
      `[window.__echo.key, window.__outputTimes[window.__echo.before], window.__echo.drawn, window.__inputTimes.at(-1)]`,
    )) as [number, number, number, number];
    sent.push(sample[3] - sample[0]);
    arrive.push(sample[1] - sample[0]);
    drawn.push(sample[2] - sample[0]);
  }
  // Rub the typed letters out again.
  await page.keyboard.press('Control+u');
  sent.sort((a, b) => a - b);
  return {
    arrive: arrive.sort((a, b) => a - b),
    drawn: drawn.sort((a, b) => a - b),
    sent: percentile(sent, 50),
  };
}

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
  const stack = await startStack({ rendererDir: ensureRendererBuild(), pollIntervalMs: 60_000 });
  // Headless Chromium has no GPU: the terminal falls back to the DOM renderer. BENCH_GPU=swiftshader gives it
  // WebGL2 in software (ANGLE/SwiftShader) so that xterm's WebGL renderer is measured too.
  const browser = process.env.BENCH_GPU
    ? await chromium.launch({
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic'],
      })
    : await launchChromium();
  const rows: Row[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addInitScript(RECORD_OUTPUT_TIMES);
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
    await page.waitForFunction(
      () => /[$#] $/.test((window as unknown as { __outputTail?: string }).__outputTail ?? ''),
      null,
      { timeout: 20_000 },
    );
    const renderer = await terminal.tab().getAttribute('data-renderer');
    router.handle = handle;
    const { terminalId } = opened;
    console.log(
      `   target: the sandbox's built-in target (node-pty shell) for "${HOST}", through the sandbox SSH proxy`,
    );
    console.log(`   terminal renderer in the page: ${renderer}`);
    console.log(`   flood: ${FLOOD}  (~${(FLOOD_BYTES / 1e6).toFixed(0)} MB printed)`);

    // (b) keystroke → echo, on an idle terminal.
    if (process.env.PAM_BENCH_PROFILE === 'echo') {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const mainSide = traceMain(stack);
    const echo = await echoRoundTrips(page, terminal, renderer === 'dom');
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
      name: '(b1) keystroke → echo bytes in the page, p50',
      value: percentile(echo.arrive, 50),
      unit: 'ms',
      target: { op: '≤', value: 10 },
      note: `p95 ${percentile(echo.arrive, 95).toFixed(1)} ms, ${ECHO_SAMPLES} keys; key → sent to main p50 ${echo.sent.toFixed(1)} ms`,
    });
    rows.push({
      name: '(b3) input sent by the page → echo bytes in the page, p50',
      value: percentile(direct, 50),
      unit: 'ms',
      target: null,
      note: `p95 ${percentile(direct, 95).toFixed(1)} ms: the same without synthetic key events`,
    });
    if (renderer === 'dom')
      rows.push({
        name: '(b2) keystroke → echo drawn on screen (DOM rows), p50',
        value: percentile(echo.drawn, 50),
        unit: 'ms',
        target: null,
        note: `p95 ${percentile(echo.drawn, 95).toFixed(1)} ms; includes waiting for the next frame`,
      });

    // (a) OpenSSH first, then PAM Desk, through the same proxy and target.
    // A code is good once: ssh -tt waits for one neither sign-in nor the launch used.
    while (!stack.sandbox.freshCode('alice')) await new Promise((resolve) => setTimeout(resolve, 250));
    const openSsh = await openSshFlood(stack, opened.username);
    const openSshRate = openSsh.bytes / openSsh.seconds;

    await page.evaluate(`(() => {
      const store = (window.__longTasks = []);
      new PerformanceObserver((list) => list.getEntries().forEach((e) => store.push(e.duration))).observe({ type: 'longtask' });
    })()`);
    if (process.env.PAM_BENCH_PROFILE === 'flood') {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const acks = countAcks(stack);
    const started = performance.now();
    await terminal.type(`${FLOOD}\n`);
    // The command's own echo is acknowledged too; the flood is what follows.
    while (acks.total() < FLOOD_BYTES) {
      if (performance.now() - started > 600_000) throw new Error(`flood stalled at ${acks.total()} bytes`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    await page.waitForFunction(
      () => /\nFLOOD-42\r\n/.test((window as unknown as { __outputTail?: string }).__outputTail ?? ''),
      null,
      { timeout: 60_000, polling: 200 },
    );
    if (process.env.PAM_BENCH_PROFILE === 'flood') {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      printProfile(profile);
    }
    const delivered = acks.total();
    acks.restore();
    const rate = delivered / seconds;
    rows.push({
      name: '(a1) OpenSSH ssh -tt through the proxy',
      value: openSshRate / 1e6,
      unit: 'MB/s',
      target: null,
      note: `${(openSsh.bytes / 1e6).toFixed(1)} MB in ${openSsh.seconds.toFixed(1)} s`,
    });
    rows.push({
      name: '(a2) PAM Desk: drawn into xterm in Chromium via the bridge',
      value: rate / 1e6,
      unit: 'MB/s',
      target: null,
      note: `${(delivered / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s`,
    });
    rows.push({
      name: '(a3) PAM Desk ÷ ssh -tt',
      value: rate / openSshRate,
      unit: '×',
      target: { op: '≥', value: 0.8 },
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
    global.gc?.();
    const memory = process.memoryUsage();
    rows.push({ name: '(d1) renderer JS heap after GC', value: heap.usedSize / 1048576, unit: 'MB', target: null });
    rows.push({
      name: '(d2) main (core + bridge + sandbox, one process) RSS',
      value: memory.rss / 1048576,
      unit: 'MB',
      target: null,
      note: `JS heap ${(memory.heapUsed / 1048576).toFixed(1)} MB, buffers ${(memory.arrayBuffers / 1048576).toFixed(1)} MB`,
    });
    await context.close();
  } finally {
    await browser.close();
    await stack.stop();
  }
  return printTable(rows);
}
