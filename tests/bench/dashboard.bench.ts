/**
 * Dashboard benchmark: Debian's Chromium → bridge → core → sandbox seeded with 10,000 active sessions,
 * signed in as the administrator (adam). Measures, inside the page:
 *   (a) first paint with data after sign-in (Verify clicked → first row painted), and after opening the
 *       Sessions tab (all users, ~10,000 rows);
 *   (b) search: last key → filtered rows painted (target 100 ms; no fixed pause, the results render is
 *       deferred and dropped when another key comes), from that render's start, and the longest task while typing;
 *   (c) a poll that changes 10 % of the rows: delta received → changed rows painted (an upper bound of the
 *       main-thread time it took), with selection and scroll position checked to be unchanged;
 *   (d) the renderer's JS heap after a forced GC (CDP Runtime.getHeapUsage).
 * Run: npm run bench -- dashboard
 */
import type { CDPSession, Page } from 'playwright-core';
import type { SessionDelta, SessionRow, SessionSnapshot } from '../../contract';
import { ensureRendererBuild } from '../e2e/globalSetup';
import { DashboardPage } from '../e2e/pages/DashboardPage';
import { SignInPage } from '../e2e/pages/SignInPage';
import { launchChromium } from '../e2e/support/chromium';
import { startStack } from '../e2e/support/stack';

const ACTIVE_SESSIONS = 10_000;

interface Row {
  name: string;
  value: number;
  unit: string;
  target: number | null;
  note?: string;
}

/**
 * In the page: records in window[key].at the performance.now() of the frame after `done()` first holds.
 * Sent as source text: tsx would wrap named functions in a helper the page does not have.
 */
function armPaintTimer(page: Page, key: string, doneSource: string): Promise<void> {
  return page.evaluate(`(() => {
    const done = ${doneSource};
    const slot = (window[${JSON.stringify(key)}] = { at: 0 });
    const observer = new MutationObserver(() => {
      if (slot.at || !done()) return;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => (slot.at = performance.now()), 0));
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  })()`);
}

async function readPaintTimer(page: Page, key: string, timeoutMs = 60_000): Promise<number> {
  await page
    .waitForFunction((k) => ((window as unknown as Record<string, { at: number }>)[k]?.at ?? 0) > 0, key, {
      timeout: timeoutMs,
      polling: 50,
    })
    .catch(async (error: unknown) => {
      const seen = await page.evaluate(
        `[document.querySelector('[data-testid="row-count"]')?.textContent, document.querySelector('.MuiTablePagination-displayedRows')?.textContent, performance.getEntriesByName('pam:delta-received').length]`,
      );
      throw new Error(`${key} never became true (count, pagination: ${JSON.stringify(seen)}): ${String(error)}`);
    });
  return page.evaluate((k) => (window as unknown as Record<string, { at: number }>)[k]!.at, key);
}

const markTime = (page: Page, name: string) =>
  page.evaluate((n) => performance.getEntriesByName(n, 'mark').at(-1)?.startTime ?? 0, name);

async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usage.usedSize / 1024 / 1024;
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function, the 25 largest: where the main thread went. */
function printProfile(profile: CpuProfile): void {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  profile.samples.forEach((sample, i) => {
    const frame = nodes.get(sample)!.callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`   ${ms.toFixed(1).padStart(8)} ms  ${key}`);
  // Inclusive time: a function and everything it called.
  const parent = new Map<number, number>();
  for (const node of profile.nodes as Array<{ id: number; children?: number[] }>)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, number>();
  profile.samples.forEach((sample, i) => {
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const frame = nodes.get(id)!.callFrame;
      const key = `${frame.functionName || '(anonymous)'}:${frame.lineNumber}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    }
  });
  console.log('   inclusive:');
  for (const [key, ms] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 40))
    console.log(`   ${ms.toFixed(1).padStart(8)} ms  ${key}`);
}

function printTable(rows: Row[]): boolean {
  let ok = true;
  const line = (cells: string[]) =>
    `   ${cells[0]!.padEnd(58)} ${cells[1]!.padStart(10)}  ${cells[2]!.padStart(10)}  ${cells[3]}`;
  console.log(line(['measure', 'value', 'target', 'result']));
  for (const row of rows) {
    const pass = row.target === null || row.value <= row.target;
    ok &&= pass;
    const value = `${row.value.toFixed(row.unit === 'MB' ? 1 : 0)} ${row.unit}`;
    const target = row.target === null ? '—' : `≤ ${row.target} ${row.unit}`;
    console.log(
      line([row.name, value, target, row.target === null ? 'info' : pass ? 'PASS' : 'FAIL']) +
        (row.note ? `  (${row.note})` : ''),
    );
  }
  return ok;
}

export default async function run(): Promise<boolean> {
  // PAM_BENCH_RENDERER_DIR: an unminified build, to read PAM_BENCH_PROFILE=1 profiles.
  const rendererDir = process.env.PAM_BENCH_RENDERER_DIR ?? ensureRendererBuild();
  const seedStarted = performance.now();
  const stack = await startStack({
    seedActive: ACTIVE_SESSIONS,
    rendererDir,
    pollIntervalMs: 3_600_000,
    timings: { provisioningMs: 3_600_000 },
  });
  console.log(
    `   sandbox with ${ACTIVE_SESSIONS} active sessions ready in ${Math.round(performance.now() - seedStarted)} ms`,
  );
  const browser = await launchChromium();
  const results: Row[] = [];
  let checksOk = true;
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(stack.bridge.url);

    // (a) sign-in → first rows on the Active Dashboard (adam's own sessions).
    const signIn = new SignInPage(page);
    await signIn.trySandbox();
    await signIn.chooseDemoUser('adam');
    await signIn.submitCredentials();
    await signIn.waitForMfaStep();
    await signIn.fillSandboxCode();
    await armPaintTimer(page, '__firstRows', `() => !!document.querySelector('[role="grid"] [role="row"][data-id]')`);
    const verifyAt = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Verify' }).click();
    const firstRowsAt = await readPaintTimer(page, '__firstRows');
    results.push({
      name: '(a1) Verify clicked → own sessions painted',
      value: firstRowsAt - verifyAt,
      unit: 'ms',
      target: 1000,
    });

    // (a) the administrator's Sessions tab: every user's sessions.
    await armPaintTimer(
      page,
      '__allRows',
      `() => !!document.querySelector('[role="grid"][aria-label="All Sessions"] [role="row"][data-id]')`,
    );
    const tabAt = await page.evaluate(() => performance.now());
    await page.getByRole('tab', { name: 'Sessions' }).click();
    const allRowsAt = await readPaintTimer(page, '__allRows');
    const sessions = new DashboardPage(page, 'All Sessions');
    await sessions.waitForLoaded();
    const snapshotAt = await markTime(page, 'pam:snapshot-received');
    const firstCount = Number((await sessions.rowCountText().innerText()).replace(/\D/g, ''));
    results.push({
      name: `(a2) Sessions tab → first ${firstCount.toLocaleString('en-US')} sessions painted`,
      value: allRowsAt - tabAt,
      unit: 'ms',
      target: 1000,
      note: `core fetch + bridge ${Math.round(snapshotAt - tabAt)} ms, renderer ${Math.round(allRowsAt - snapshotAt)} ms`,
    });
    // The rest of a long list follows as the first poll's delta: time until the count shows all of them.
    await page.waitForFunction(
      (expected) =>
        Number(document.querySelector('[data-testid="row-count"]')?.textContent?.replace(/\D/g, '') ?? 0) >= expected,
      ACTIVE_SESSIONS,
      { timeout: 30_000 },
    );
    const allLoadedAt = await page.evaluate(() => performance.now());
    const countText = await sessions.rowCountText().innerText();
    const total = Number(countText.replace(/\D/g, ''));
    results.push({
      name: `(a3) Sessions tab → all ${total.toLocaleString('en-US')} sessions loaded`,
      value: allLoadedAt - tabAt,
      unit: 'ms',
      target: null,
    });
    if (total < ACTIVE_SESSIONS) {
      console.log(`   expected at least ${ACTIVE_SESSIONS} sessions, the tab shows "${countText}"`);
      checksOk = false;
    }

    // (b) search over all loaded rows: results painted after typing stops.
    const host = (await sessions.columnTexts('host'))[3] ?? 'srv';
    const query = host.slice(0, Math.min(host.length, 12));
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.click();
    await page.evaluate(
      `document.querySelector('input[aria-label="Search"]').addEventListener('input', () => (window.__lastKey = performance.now()))`,
    );
    await armPaintTimer(
      page,
      '__searched',
      `() => { if (document.querySelector('[data-search-applied]')?.getAttribute('data-search-applied') !== ${JSON.stringify(query)}) return false; const c = document.querySelector('[data-testid="row-count"]')?.textContent ?? ''; const m = c.match(/^([\\d,]+) of/); const f = document.querySelector('.MuiTablePagination-displayedRows')?.textContent ?? ''; return !!m && f.replace(/,/g, '').replace(/\\D/g, ' ').trim().split(/\\s+/).at(-1) === m[1].replace(/,/g, ''); }`,
    );
    // Typing must not jank: the longest task while keys go in (each key's input handling plus any search
    // render that ran between keys).
    await page.evaluate(`(() => {
      const store = (window.__typingTasks = []);
      window.__typingObserver = new PerformanceObserver((list) => list.getEntries().forEach((entry) => store.push(entry.duration)));
      window.__typingObserver.observe({ type: 'longtask' });
    })()`);
    // PAM_BENCH_PROFILE=search: where the main thread went from the first key to the results.
    if (process.env.PAM_BENCH_PROFILE === 'search') {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    await page.keyboard.type(query, { delay: 40 });
    const searchedAt = await readPaintTimer(page, '__searched');
    if (process.env.PAM_BENCH_PROFILE === 'search')
      printProfile(((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile);
    const settledAt = await markTime(page, 'pam:search-settled');
    const lastKeyAt = await page.evaluate(() => (window as unknown as { __lastKey: number }).__lastKey);
    const matches = await sessions.rowCountText().innerText();
    const typingTasks = (await page.evaluate(`(() => {
      window.__typingObserver.disconnect();
      return window.__typingTasks;
    })()`)) as number[];
    results.push({
      name: `(b1) results render started → painted ("${query}": ${matches})`,
      value: searchedAt - settledAt,
      unit: 'ms',
      target: null,
    });
    results.push({
      name: '(b2) last key → results painted',
      value: searchedAt - lastKeyAt,
      unit: 'ms',
      target: 100,
    });
    results.push({
      name: `(b3) longest task while typing ${query.length} keys, 40 ms apart`,
      value: Math.max(0, ...typingTasks),
      unit: 'ms',
      target: null,
      note: `${typingTasks.length} long tasks`,
    });
    await search.fill('');
    await page.waitForFunction(
      () => !/ of /.test(document.querySelector('[data-testid="row-count"]')?.textContent ?? ''),
    );

    // (c) a poll that changes 10 % of the rows, with a selection and a scrolled grid.
    await page.getByRole('combobox', { name: /Rows per page/ }).click();
    await page.getByRole('option', { name: '100' }).click();
    await page.waitForFunction(
      () => document.querySelectorAll('[role="grid"][aria-label="All Sessions"] [role="row"][data-id]').length > 10,
    );
    await page.evaluate(() => {
      const scroller = document.querySelector('[role="grid"][aria-label="All Sessions"] .MuiDataGrid-virtualScroller')!;
      scroller.scrollTop = 900;
    });
    await page.waitForTimeout(300);
    const visibleIds = async (): Promise<string[]> =>
      page.evaluate(`(() => {
        const scroller = document.querySelector('[role="grid"][aria-label="All Sessions"] .MuiDataGrid-virtualScroller');
        const top = scroller.getBoundingClientRect().top;
        const rows = [...scroller.querySelectorAll('[role="row"][data-id]')].map((row) => ({ id: row.getAttribute('data-id'), y: row.getBoundingClientRect().top - top }));
        return rows.filter((row) => row.y >= 0).sort((a, b) => a.y - b.y).map((row) => row.id);
      })()`);
    const beforeIds = await visibleIds();
    for (const index of [2, 4, 6]) await sessions.rows().nth(index).getByRole('checkbox').check();
    const selectedBefore = await page.evaluate(() =>
      [...document.querySelectorAll('[role="row"][aria-selected="true"]')]
        .map((row) => row.getAttribute('data-id'))
        .sort(),
    );
    const scrollBefore = await page.evaluate(
      () => document.querySelector('[role="grid"][aria-label="All Sessions"] .MuiDataGrid-virtualScroller')!.scrollTop,
    );

    const watched = await stack.bridge.core.router.handle('sessions.watch', { scope: 'all' });
    if (!watched.ok) throw new Error(`watch failed: ${watched.error.message}`);
    // The watch answers with the first page; the rest comes with the poll it starts at once. Collect both,
    // and let the page apply that catch-up delta before the measured one.
    const rowsById = new Map<string, SessionRow>((watched.value as SessionSnapshot).rows.map((row) => [row.id, row]));
    const unsubscribe = stack.bridge.core.events.subscribe((channel, payload) => {
      if (channel === 'sessions.delta') for (const row of (payload as SessionDelta).upserted) rowsById.set(row.id, row);
    });
    await stack.bridge.core.router.handle('sessions.refresh', undefined);
    unsubscribe();
    await page.waitForTimeout(1_000);
    const snapshot = { rows: [...rowsById.values()] };
    const available = snapshot.rows.filter((row) => row.status === 'available').map((row) => row.id);
    const visibleAvailable = available.filter((id) => beforeIds.includes(id));
    const toChange = [...new Set([...visibleAvailable, ...available])].slice(0, Math.round(snapshot.rows.length / 10));
    for (const id of toChange) stack.sandbox.simulateLogin(id);
    const watchVisible = visibleAvailable.filter((id) => toChange.includes(id));
    await armPaintTimer(
      page,
      '__deltaPainted',
      // Every changed row still on screen shows its new status (rows scrolled out by the overscan don't count).
      `() => { const cells = ${JSON.stringify(watchVisible)}.map((id) => document.querySelector('[role="row"][data-id="' + id + '"] [data-field="status"]')).filter(Boolean); return cells.length > 0 && cells.every((cell) => cell.textContent.includes('Logged In')); }`,
    );
    await page.evaluate(`(() => {
      const store = (window.__longTasks = []);
      new PerformanceObserver((list) => list.getEntries().forEach((entry) => store.push(entry.duration))).observe({ type: 'longtask' });
      const frames = (window.__frames = []);
      new PerformanceObserver((list) => list.getEntries().forEach((entry) => frames.push({
        duration: Math.round(entry.duration),
        styleAndLayout: Math.round(entry.styleAndLayoutStart ? entry.startTime + entry.duration - entry.styleAndLayoutStart : 0),
        scripts: entry.scripts.map((script) => script.invoker + ' ' + Math.round(script.duration)),
      }))).observe({ type: 'long-animation-frame' });
    })()`);
    await cdp.send('Performance.enable');
    const taskSeconds = async () =>
      ((await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> }).metrics.find(
        (m) => m.name === 'TaskDuration',
      )!.value;
    const tasksBefore = await taskSeconds();
    if (process.env.PAM_BENCH_PROFILE === '1') {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const refreshed = await stack.bridge.core.router.handle('sessions.refresh', undefined);
    if (!refreshed.ok) throw new Error(`refresh failed: ${refreshed.error.message}`);
    const paintedAt = await readPaintTimer(page, '__deltaPainted');
    if (process.env.PAM_BENCH_PROFILE === '1')
      printProfile(((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile);
    const mainThreadMs = ((await taskSeconds()) - tasksBefore) * 1000;
    const deltaAt = await markTime(page, 'pam:delta-received');
    const appliedAt = await markTime(page, 'pam:delta-applied');
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    if (process.env.PAM_BENCH_PROFILE)
      console.log('   long animation frames:', JSON.stringify(await page.evaluate('window.__frames')));
    results.push({
      name: `(c1) poll changing ${toChange.length.toLocaleString('en-US')} rows: applied (one task)`,
      value: appliedAt - deltaAt,
      unit: 'ms',
      target: 50,
      note: 'delta handler → React commit of grid and state, synchronous',
    });
    results.push({
      name: '(c3) main-thread time from refresh to painted (CDP TaskDuration)',
      value: mainThreadMs,
      unit: 'ms',
      target: null,
      note: 'includes this benchmark’s own polling in the page',
    });
    results.push({
      name: '(c2) same poll: delta received → painted (wall clock)',
      value: paintedAt - deltaAt,
      unit: 'ms',
      target: null,
      note: `${watchVisible.length} on screen;  long tasks: ${longTasks.length ? longTasks.map((d) => Math.round(d)).join(', ') + ' ms' : 'none'}`,
    });
    const selectedAfter = await page.evaluate(() =>
      [...document.querySelectorAll('[role="row"][aria-selected="true"]')]
        .map((row) => row.getAttribute('data-id'))
        .sort(),
    );
    const scrollAfter = await page.evaluate(
      () => document.querySelector('[role="grid"][aria-label="All Sessions"] .MuiDataGrid-virtualScroller')!.scrollTop,
    );
    const afterIds = await visibleIds();
    const selectionKept =
      JSON.stringify(selectedBefore) === JSON.stringify(selectedAfter) &&
      (await page.getByText('3 selected').count()) === 1;
    // Scroll is kept when the scroller stays where it was; rows above may legitimately move (sort order).
    const scrollKept = scrollBefore === scrollAfter && scrollAfter > 0;
    const topShift = afterIds.indexOf(beforeIds[0]!);
    console.log(
      `   (c) selection kept: ${selectionKept ? 'yes' : 'NO'} (${selectedAfter.length} rows); scroll kept: ${scrollKept ? 'yes' : 'NO'} (scrollTop ${scrollBefore} → ${scrollAfter}; the old top row is ${topShift === 0 ? 'still on top' : topShift > 0 ? `${topShift} row(s) lower: rows above it changed place in the sort` : 'off screen'})`,
    );
    checksOk &&= selectionKept && scrollKept;

    // (d) renderer heap with ~10,000 rows loaded.
    results.push({ name: '(d) renderer JS heap after GC', value: await heapMb(cdp), unit: 'MB', target: 150 });
    await context.close();
  } finally {
    await browser.close();
    await stack.stop();
  }
  const ok = printTable(results);
  return ok && checksOk;
}
