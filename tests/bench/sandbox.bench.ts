/**
 * Sandbox list performance: with 10,000 active and 100,000 historical sessions seeded, a 100-row page
 * of summaries with a filter text, fetched over real HTTP (JSON parsed by the client), must take at most
 * 20 ms median. Filter texts rotate so that no two consecutive requests ask the same thing.
 */
import { performance } from 'node:perf_hooks';
import { startSandbox } from '../../sandbox/index';

const TARGET_MS = 20;
const WARMUP = 20;
const SAMPLES = 150;
const FILTERS = [
  'bulk-win-01',
  'lnx',
  'ubuntu',
  'root',
  'bulk-lnx-0042',
  'windows server',
  'administrator',
  'bulk-win-0199',
  'ops',
  'production',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function signIn(handle: Awaited<ReturnType<typeof startSandbox>>, login: string): Promise<string> {
  const user = handle.users.find((u) => u.login === login)!;
  const post = (route: string, body: unknown, token?: string) =>
    fetch(`${handle.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<string>);
  const pre = await post('/signinBody', { Login: login, Password: user.password });
  return post('/signin2fa', handle.totp(login), pre);
}

export default async function run(): Promise<boolean> {
  const seedStart = performance.now();
  const handle = await startSandbox({
    http: true,
    dataDir: null,
    seedActive: 10_000,
    seedHistorical: 100_000,
    log: () => undefined,
  });
  const seedMs = performance.now() - seedStart;
  try {
    const tokens = { alice: await signIn(handle, 'alice'), adam: await signIn(handle, 'adam') };
    const scenarios: Array<{ name: string; token: string; path: string }> = [
      {
        name: "user's MySummaryByStatus/active",
        token: tokens.alice,
        path: '/api/v1/ActivitySession/MySummaryByStatus/active',
      },
      {
        name: "user's MySummaryByStatus/Historical",
        token: tokens.alice,
        path: '/api/v1/ActivitySession/MySummaryByStatus/Historical',
      },
      {
        name: 'admin SummaryByStatus/active',
        token: tokens.adam,
        path: '/api/v1/ActivitySession/SummaryByStatus/active',
      },
      {
        name: 'admin SummaryByStatus/Historical',
        token: tokens.adam,
        path: '/api/v1/ActivitySession/SummaryByStatus/Historical',
      },
    ];
    process.stdout.write(`   seeded 10,000 active + 100,000 historical sessions in ${(seedMs / 1000).toFixed(1)} s\n`);
    process.stdout.write(
      `   ${'scenario (take=100, filterText)'.padEnd(40)} ${'matches'.padStart(8)} ${'median'.padStart(9)} ${'p95'.padStart(9)}  target    result\n`,
    );
    let allPass = true;
    for (const scenario of scenarios) {
      const times: number[] = [];
      let matches = 0;
      for (let i = 0; i < WARMUP + SAMPLES; i++) {
        const filter = FILTERS[i % FILTERS.length]!;
        const started = performance.now();
        const response = await fetch(
          `${handle.url}${scenario.path}?take=100&filterText=${encodeURIComponent(filter)}`,
          { headers: { authorization: `Bearer ${scenario.token}` } },
        );
        const body = (await response.json()) as { data: unknown[]; recordsTotal: number };
        const elapsed = performance.now() - started;
        if (response.status !== 200) throw new Error(`${scenario.path}: HTTP ${response.status}`);
        if (i >= WARMUP) {
          times.push(elapsed);
          matches += body.recordsTotal;
        }
      }
      times.sort((a, b) => a - b);
      const median = percentile(times, 50);
      const p95 = percentile(times, 95);
      const pass = median <= TARGET_MS;
      allPass &&= pass;
      process.stdout.write(
        `   ${scenario.name.padEnd(40)} ${String(Math.round(matches / SAMPLES)).padStart(8)} ${`${median.toFixed(2)} ms`.padStart(9)} ${`${p95.toFixed(2)} ms`.padStart(9)}  ≤ ${TARGET_MS} ms  ${pass ? 'PASS' : 'FAIL'}\n`,
      );
    }
    return allPass;
  } finally {
    await handle.stop();
  }
}
