/**
 * RDP viewer benchmark: Debian's Chromium → bridge → core (node-rdpjs-2) → the sandbox's RDP gateway →
 * freerdp-shadow-cli sharing a 1280×800 Xvfb display (the private target of `npm run sandbox`), with a small
 * X client (`support/xPainter.ts`) drawing on that display. Signed in as alice, who launches her RDP session.
 *   (a) while the whole desktop changes colour every 16 ms for 5 s: frames painted per second on the canvas
 *       (animation frames that painted anything) and distinct desktop frames shown (a pixel's colour changes),
 *       screen updates main received per second, the renderer's longest task, CPU of main and renderer;
 *   (b) input → updated frame: a key dispatched on the canvas → the X client repaints a square when the key
 *       arrives → the first animation frame whose canvas shows the new colour (p50 and p95 of 25), checked
 *       when the view paints and in every animation frame; broken down on this machine's clock into key →
 *       X display, X display → main sends the square, and main → painted;
 *   (c) memory: main's RSS and the renderer's JS heap after a forced GC.
 *   (d) the real peer, FreeRDP's xfreerdp on its own Xvfb display, through the same gateway and session
 *       while the desktop animates: distinct frames it shows per second with NSCodec surface bits and frame
 *       acknowledgements (what PAM Desk asks for), with RemoteFX (the same pacing), and with legacy bitmap
 *       updates (freerdp-shadow-cli's capture rate follows the acknowledgements: 16/s without them, up to 32/s
 *       with them).
 * "main" is this process: the core, and here also the in-process sandbox, its gateway and the bridge.
 * Run: npm run bench -- rdp (needs xvfb and freerdp2-shadow-x11; (d) freerdp2-x11).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import inspector from 'node:inspector/promises';
import type { CDPSession, Page } from 'playwright-core';
import { defaultDirectory } from '../../sandbox/index';
import { privateRdpTargetMissing, startPrivateRdpTarget } from '../../sandbox/rdp/privateTarget';
import { startXvfb } from '../../sandbox/rdp/xvfb';
import { ensureRendererBuild } from '../e2e/globalSetup';
import { DashboardPage } from '../e2e/pages/DashboardPage';
import { RdpPage } from '../e2e/pages/RdpPage';
import { SignInPage } from '../e2e/pages/SignInPage';
import { launchChromium } from '../e2e/support/chromium';
import { startStack } from '../e2e/support/stack';
import { stopDevtoolsNetworkEvents } from './support/devtoolsNetwork';
import { connectXPainter, type XPainter } from './support/xPainter';

interface Row {
  name: string;
  value: number;
  unit: string;
  /** A ceiling (`max`) or a floor (`min`); null: for information. */
  target: { max?: number; min?: number } | null;
}

function printTable(rows: Row[]): boolean {
  let ok = true;
  const line = (cells: string[]) =>
    `   ${cells[0]!.padEnd(62)} ${cells[1]!.padStart(12)}  ${cells[2]!.padStart(12)}  ${cells[3]}`;
  console.log(line(['measure', 'value', 'target', 'result']));
  for (const row of rows) {
    const pass =
      row.target === null ||
      ((row.target.max === undefined || row.value <= row.target.max) &&
        (row.target.min === undefined || row.value >= row.target.min));
    ok &&= pass;
    const target =
      row.target === null
        ? '—'
        : row.target.max !== undefined
          ? `≤ ${row.target.max} ${row.unit}`
          : `≥ ${row.target.min} ${row.unit}`;
    console.log(
      line([
        row.name,
        `${row.value.toFixed(1)} ${row.unit}`,
        target,
        row.target === null ? 'info' : pass ? 'PASS' : 'FAIL',
      ]),
    );
  }
  return ok;
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

/**
 * PAM_BENCH_PROFILE=1 (the renderer) or =main (this process, and the renderer): self time per function while
 * animating, the 15 largest; =trace writes a Chromium trace of that time to test-results/rdp-bench-trace.json.
 */
function printProfile(profile: CpuProfile): void {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)!.callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`   ${ms.toFixed(1).padStart(8)} ms  ${key}`);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

async function rendererMetrics(page: Page, cdp: CDPSession) {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: Array<{ name: string; value: number }>;
  };
  void page;
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return { taskSeconds: get('TaskDuration'), heapBytes: get('JSHeapUsedSize') };
}

const XFREERDP = '/usr/bin/xfreerdp';

async function until(what: string, done: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * xfreerdp (its own 1280×800 Xvfb display, full-size window) through the gateway while the desktop animates
 * as in (a) for 5 s: distinct frames it showed per second (a pixel of its display read back every few ms),
 * and, with RemoteFX or NSCodec, the surface frame markers it logged per second.
 */
async function xfreerdpFramesPerSecond(
  painter: XPainter,
  gateway: { host: string; port: number },
  userName: string,
  password: string,
  extra: string[],
): Promise<{ shown: number; frameMarkers: number | null }> {
  const screen = await startXvfb('1280x800x24');
  const child = spawn(
    XFREERDP,
    [
      `/v:${gateway.host}:${gateway.port}`,
      '/sec:tls',
      '/cert:ignore',
      `/u:${userName}`,
      `/p:${password}`,
      '/size:1280x800',
      '-clipboard',
      '/log-level:DEBUG',
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DISPLAY: screen.display } },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const peer = await connectXPainter(screen.display);
  let colour = 0x123456;
  const animation = setInterval(() => {
    colour = (colour + 0x0a1f33) & 0xffffff;
    painter.fill(colour);
  }, 16);
  try {
    // Connected once its display shows the animation.
    const first = await peer.pixel(40, 760);
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`xfreerdp ended:\n${output.slice(-2000)}`);
      const now = await peer.pixel(40, 760);
      if (now !== first && now !== -1) break;
      if (Date.now() > deadline) throw new Error(`xfreerdp showed no desktop within 20 s:\n${output.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 1000)); // settle
    const markersBefore = (output.match(/SurfaceFrameMarker: action: End/g) ?? []).length;
    let shown = 0;
    let last = -2;
    const started = performance.now();
    while (performance.now() - started < 5000) {
      const now = await peer.pixel(40, 760);
      if (now !== last) shown += 1;
      last = now;
      await new Promise((resolve) => setTimeout(resolve, 4));
    }
    const seconds = (performance.now() - started) / 1000;
    const markers = (output.match(/SurfaceFrameMarker: action: End/g) ?? []).length - markersBefore;
    return {
      shown: shown / seconds,
      frameMarkers: extra.includes('/rfx') || extra.includes('/nsc') ? markers / seconds : null,
    };
  } finally {
    clearInterval(animation);
    peer.close();
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await screen.stop();
  }
}
export default async function run(): Promise<boolean> {
  const missing = privateRdpTargetMissing();
  if (missing) {
    console.log(`   cannot run: ${missing}`);
    return false;
  }
  const rendererDir = process.env.PAM_BENCH_RENDERER_DIR ?? ensureRendererBuild();
  const target = await startPrivateRdpTarget('1280x800x24');
  const painter = await connectXPainter(target.display);
  painter.fill(0x203040);
  const directory = defaultDirectory();
  const resource = directory.resources.find((r) => r.name === 'win-app-01')!;
  resource.rdpTarget = target.target;
  const activity = directory.activities.find((a) => a.protocol === 'rdp')!;
  const alice = directory.users.find((u) => u.login === 'alice')!;
  const policy = directory.policies.find(
    (p) => p.userIds.includes(alice.id) && p.activityIds.includes(activity.id) && p.resourceIds.includes(resource.id),
  )!;
  const stack = await startStack({ directory, rendererDir, pollIntervalMs: 1000 });
  const browser = await launchChromium();
  const rows: Row[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 960 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(stack.bridge.url);
    await new SignInPage(page).signInToSandboxAs('alice', { rememberMe: true, rememberPassword: true });
    const dashboard = new DashboardPage(page);
    await dashboard.waitForLoaded();
    const created = await stack.bridge.core.router.handle('requests.create', {
      activityId: activity.id,
      policyId: policy.id,
      resourceIds: [resource.id],
      startAt: null,
      durationMinutes: 60,
    });
    if (!created.ok) throw new Error(`requests.create: ${created.error.message}`);
    const row = dashboard.row(resource.displayName, 'Available').first();
    await row.waitFor({ timeout: 30_000 });
    const rdp = new RdpPage(page);
    await rdp.launchIcon(row).click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="rdp-tab"]')?.getAttribute('data-state') === 'open',
      undefined,
      { timeout: 30_000 },
    );
    await page
      .waitForFunction(
        () => Number((document.querySelector('[data-testid="rdp-canvas"]') as HTMLElement)?.dataset.painted ?? 0) > 0,
      )
      .catch(async (error: unknown) => {
        await page.screenshot({ path: 'test-results/rdp-bench-failure.png' });
        console.log(stack.logs.filter((l) => /rdp|gateway/i.test(l)).join('\n'));
        throw new Error(`no frame painted (${await rdp.tab().innerText()}): ${String(error)}`);
      });

    // Playwright copies every WebSocket message of the page to this process (base64) unless told not to: work
    // the app never does, on the same two cores (see support/devtoolsNetwork.ts).
    if (process.env.BENCH_DEVTOOLS_NETWORK !== '1') await stopDevtoolsNetworkEvents(page);

    // (a) The desktop animates: a new colour over all of it every 16 ms.
    let updates = 0;
    const unsubscribe = stack.bridge.core.events.subscribe((channel, payload) => {
      if (channel === 'rdp.frame') updates += (payload as { rects: unknown[] }).rects.length > 0 ? 1 : 0;
    });
    let viewerId = '';
    let viewerClosed = false;
    const unsubscribeViewer = stack.bridge.core.events.subscribe((channel, payload) => {
      const event = payload as { viewerId: string; state?: string };
      if (channel === 'rdp.frame') viewerId ||= event.viewerId;
      if (channel === 'rdp.status' && event.viewerId === viewerId && event.state === 'closed') viewerClosed = true;
    });
    await page.evaluate(`(() => {
      const store = (window.__longTasks = []);
      new PerformanceObserver((list) => list.getEntries().forEach((e) => store.push(e.duration))).observe({ type: 'longtask' });
    })()`);
    const painted = () =>
      page.evaluate(() =>
        Number((document.querySelector('[data-testid="rdp-canvas"]') as HTMLElement).dataset.painted),
      );
    // Distinct desktop frames the user saw: every animation frame, the canvas's pixel at (40, 760) is read (clear of the banner window in the middle); each
    // change is one new frame of the animation (an update split over several events counts once).
    await page.evaluate(`(() => {
      const canvas = document.querySelector('[data-testid="rdp-canvas"]');
      const context = canvas.getContext('2d');
      const state = (window.__distinct = { count: 0, last: '', on: true });
      const sample = () => {
        const now = Array.from(context.getImageData(40, 760, 1, 1).data).join();
        if (now !== state.last) state.count += 1;
        state.last = now;
        if (state.on) requestAnimationFrame(sample);
      };
      requestAnimationFrame(sample);
    })()`);
    const distinct = () =>
      page.evaluate(() => (window as unknown as { __distinct: { count: number } }).__distinct.count);
    let colour = 0;
    const animation = setInterval(() => {
      colour = (colour + 0x0a1f33) & 0xffffff;
      painter.fill(colour);
    }, 16);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // settle
    const paintedBefore = await painted();
    const distinctBefore = await distinct();
    const updatesBefore = updates;
    if (process.env.PAM_BENCH_PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    // PAM_BENCH_PROFILE=main: this process's own profile (core, gateway, bridge) while animating.
    const mainProfiler = process.env.PAM_BENCH_PROFILE === 'main' ? new inspector.Session() : null;
    if (mainProfiler) {
      mainProfiler.connect();
      await mainProfiler.post('Profiler.enable');
      await mainProfiler.post('Profiler.start');
    }
    if (process.env.PAM_BENCH_PROFILE === 'trace')
      await browser.startTracing(page, {
        path: 'test-results/rdp-bench-trace.json',
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'cc', 'viz'],
      });
    const rendererBefore = await rendererMetrics(page, cdp);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const rendererAfter = await rendererMetrics(page, cdp);
    if (process.env.PAM_BENCH_PROFILE === 'trace') {
      await browser.stopTracing();
      console.log('   trace: test-results/rdp-bench-trace.json');
    }
    if (mainProfiler) {
      console.log('   main (this process) while animating:');
      printProfile(((await mainProfiler.post('Profiler.stop')) as { profile: CpuProfile }).profile);
      mainProfiler.disconnect();
    }
    if (process.env.PAM_BENCH_PROFILE) {
      console.log('   renderer while animating:');
      printProfile(((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile);
    }
    const paintedAfter = await painted();
    const distinctAfter = await distinct();
    await page.evaluate(() => ((window as unknown as { __distinct: { on: boolean } }).__distinct.on = false));
    const updatesAfter = updates;
    clearInterval(animation);
    unsubscribe();
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    rows.push({
      name: '(a1) frames painted on the canvas per second (desktop animating)',
      value: (paintedAfter - paintedBefore) / seconds,
      unit: '/s',
      target: { min: 30 },
    });
    rows.push({
      name: '(a1b) distinct desktop frames shown on the canvas per second',
      value: (distinctAfter - distinctBefore) / seconds,
      unit: '/s',
      target: { min: 30 },
    });
    rows.push({
      name: '(a2) frame events main sent per second',
      value: (updatesAfter - updatesBefore) / seconds,
      unit: '/s',
      target: null,
    });
    rows.push({
      name: '(a3) renderer longest task while animating',
      value: Math.max(0, ...longTasks),
      unit: 'ms',
      target: { max: 50 },
    });
    rows.push({
      name: '(a4) CPU of main (core + in-process sandbox, gateway, bridge)',
      value: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
      unit: '%',
      target: null,
    });
    rows.push({
      name: '(a5) CPU of the renderer (main thread task time)',
      value: ((rendererAfter.taskSeconds - rendererBefore.taskSeconds) / seconds) * 100,
      unit: '%',
      target: null,
    });

    // (b) Input → updated frame: the painter answers every key press with a square of a new colour.
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Each key press paints the square in the next of these colours (distinct even at 16 bits per pixel).
    const palette = [0xff0000, 0x00ff00, 0x0000ff, 0xffff00, 0xff00ff, 0x00ffff, 0xffffff, 0x808000];
    let keys = 0;
    // For the breakdown, on this machine's clock (the page's timeOrigin + now() is the same clock):
    // when the X display saw each key, and when main sent each frame event that repaints the square.
    const wall = () => performance.timeOrigin + performance.now();
    const keyAt: number[] = [];
    const squareSentAt: number[] = [];
    painter.onKey(() => {
      keyAt.push(wall());
      painter.fill(palette[keys % palette.length]!, 0, 0, 200, 200);
      keys += 1;
    });
    const unsubscribeSquare = stack.bridge.core.events.subscribe((channel, payload) => {
      if (channel !== 'rdp.frame') return;
      const rects = (payload as { rects: Array<{ x: number; y: number; width: number; height: number }> }).rects;
      if (rects.some((r) => r.x <= 100 && r.y <= 100 && r.x + r.width > 100 && r.y + r.height > 100))
        squareSentAt.push(wall());
    });
    const inputMs: number[] = [];
    const targetMs: number[] = [];
    const rendererMs: number[] = [];
    await rdp.clickAt(600, 600);
    const latencies: number[] = [];
    let missed = 0;
    for (let i = 0; i < 25; i += 1) {
      // Dispatched in the page, timed from the dispatch to the first animation frame whose canvas changed there.
      const ms = await page.evaluate(`new Promise((resolve) => {
        const canvas = document.querySelector('[data-testid="rdp-canvas"]');
        const context = canvas.getContext('2d');
        const before = Array.from(context.getImageData(100, 100, 1, 1).data).join();
        const started = performance.now();
        let done = false;
        const changed = () => {
          if (done || Array.from(context.getImageData(100, 100, 1, 1).data).join() === before) return false;
          done = true;
          observer.disconnect();
          resolve({ ms: performance.now() - started, at: performance.timeOrigin + started });
          return true;
        };
        // Checked as soon as the view paints (it counts paints in data-painted), so a paint in this animation
        // frame counts for this frame, and in every animation frame.
        const observer = new MutationObserver(changed);
        observer.observe(canvas, { attributes: true, attributeFilter: ['data-painted'] });
        const check = () => {
          if (changed() || done) return;
          if (performance.now() - started > 3000) {
            done = true;
            observer.disconnect();
            return resolve(null);
          }
          requestAnimationFrame(check);
        };
        for (const type of ['keydown', 'keyup']) canvas.dispatchEvent(new KeyboardEvent(type, { code: 'KeyA', bubbles: true }));
        requestAnimationFrame(check);
      })`);
      const answer = ms as { ms: number; at: number } | null;
      if (answer) {
        latencies.push(answer.ms);
        // The breakdown of this press: page → X display → main sends the square → painted.
        const key = keyAt.find((t) => t >= answer.at);
        const sent = key === undefined ? undefined : squareSentAt.find((t) => t >= key);
        if (key !== undefined && sent !== undefined && sent <= answer.at + answer.ms) {
          inputMs.push(key - answer.at);
          targetMs.push(sent - key);
          rendererMs.push(answer.at + answer.ms - sent);
        }
      } else missed += 1;
      // A random pause: the target captures on a fixed period (62.5 ms), and presses at a fixed pace would meet
      // it at the same phase each time (always just after a capture, or always just before one).
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 125));
    }
    if (latencies.length === 0) throw new Error(`no key was answered (the painter saw ${keys} keys)`);
    rows.push({
      name: '(b1) key on the canvas → frame with the answer painted, p50',
      value: percentile(latencies, 50),
      unit: 'ms',
      target: { max: 50 },
    });
    rows.push({ name: '(b2) the same, p95', value: percentile(latencies, 95), unit: 'ms', target: null });
    unsubscribeSquare();
    if (inputMs.length > 0) {
      rows.push({
        name: `(b1.1) of which key → X display saw it (page, bridge, main, gateway, target), p50 of ${inputMs.length}`,
        value: percentile(inputMs, 50),
        unit: 'ms',
        target: null,
      });
      rows.push({
        name: '(b1.2) X display → main sends the repainted square (capture, encode, gateway, decode), p50',
        value: percentile(targetMs, 50),
        unit: 'ms',
        target: null,
      });
      rows.push({
        name: '(b1.3) main sends it → painted on the canvas (bridge, animation frame), p50',
        value: percentile(rendererMs, 50),
        unit: 'ms',
        target: null,
      });
    }
    rows.push({
      name: `(b3) key presses not answered on the canvas within 3 s (of 25; ${keys} reached the X display)`,
      value: missed,
      unit: '',
      target: { max: 0 },
    });

    // (c) Memory.
    await cdp.send('HeapProfiler.collectGarbage');
    rows.push({ name: '(c1) main RSS', value: process.memoryUsage().rss / 1024 / 1024, unit: 'MB', target: null });
    rows.push({
      name: '(c2) renderer JS heap after GC',
      value: (await rendererMetrics(page, cdp)).heapBytes / 1024 / 1024,
      unit: 'MB',
      target: null,
    });

    // (d) The real peer in the same run: FreeRDP's xfreerdp on its own Xvfb display through the same gateway
    // and session, once the viewer has gone (freerdp-shadow-cli adapts its capture rate only with one client).
    // Frames it shows are counted as our canvas's are: a pixel read back from its display, changes per second.
    const closed = await stack.bridge.core.router.handle('rdp.close', { viewerId });
    if (!closed.ok) throw new Error(`rdp.close: ${closed.error.message}`);
    await until('the viewer to close', () => viewerClosed);
    unsubscribeViewer();
    await context.close();
    const password = stack.sandbox.users.find((u) => u.login === 'alice')!.password;
    if (!existsSync(XFREERDP)) console.log(`   (d) skipped: ${XFREERDP} missing (apt: freerdp2-x11)`);
    else
      for (const [label, extra] of [
        ['NSCodec with frame acknowledgements, as PAM Desk asks', ['-gfx', '/nsc']],
        ['RemoteFX with frame acknowledgements', ['-gfx', '/rfx']],
        ['legacy bitmap updates, no acknowledgements', ['-gfx']],
      ] as const) {
        const peer = await xfreerdpFramesPerSecond(
          painter,
          stack.sandbox.rdpProxy,
          `alice+${activity.name}+${resource.name}`,
          password,
          [...extra],
        );
        rows.push({
          name: `(d) xfreerdp, ${label}: distinct desktop frames shown per second`,
          value: peer.shown,
          unit: '/s',
          target: null,
        });
        if (peer.frameMarkers !== null)
          rows.push({
            name: `(d) xfreerdp, ${label}: frames it acknowledged per second (its log)`,
            value: peer.frameMarkers,
            unit: '/s',
            target: null,
          });
      }
  } finally {
    await browser.close();
    painter.close();
    await stack.stop();
    await target.stop();
  }
  return printTable(rows);
}
