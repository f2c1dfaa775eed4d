/**
 * CPU time of this process and every process below it (Linux /proc), grouped by what each is: a benchmark
 * on a shared two-core machine measures contention as much as its subject, while CPU seconds per byte stay
 * comparable between runs. Children that exited and were reaped count in their parent's `cutime`/`cstime`
 * (this process's reaped children, e.g. `ssh -tt`, appear as "reaped children").
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

interface ProcessTimes {
  pid: number;
  ppid: number;
  /** Own user + system time, seconds. */
  own: number;
  /** Reaped children's user + system time, seconds. */
  children: number;
  group: string;
}

/** `/proc/<pid>/stat` fields after the command name (which may hold spaces and parentheses). */
function readTimes(pid: number): ProcessTimes | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = (index: number) => Number(fields[index - 3] ?? 0);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return {
      pid,
      ppid: ticks(4),
      own: (ticks(14) + ticks(15)) / TICKS_PER_SECOND,
      children: (ticks(16) + ticks(17)) / TICKS_PER_SECOND,
      group: groupOf(cmdline),
    };
  } catch {
    return null; // gone between the listing and the read
  }
}

function groupOf(cmdline: string): string {
  const type = /--type=([a-z-]+)/.exec(cmdline)?.[1];
  if (/chrom/.test(cmdline.split('\0')[0] ?? '')) return `chromium ${type ?? 'browser'}`;
  const name = (cmdline.split('\0')[0] ?? '').split('/').pop() ?? '';
  if (/node|tsx/.test(name)) return /sandboxProcessChild/.test(cmdline) ? 'sandbox process' : 'node';
  return name || '?';
}

/** Every process under `root` (itself included). */
function tree(root: number): ProcessTimes[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readTimes(Number(name)))
    .filter((p): p is ProcessTimes => p !== null);
  const byParent = new Map<number, ProcessTimes[]>();
  for (const p of all) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const found: ProcessTimes[] = [];
  const visit = (pid: number) => {
    const self = all.find((p) => p.pid === pid);
    if (self) found.push(self);
    for (const child of byParent.get(pid) ?? []) visit(child.pid);
  };
  visit(root);
  return found;
}

/**
 * Starts counting; the returned function gives the CPU seconds used since, per group ("node" is this
 * process's own time; "reaped children" the time of its children that exited meanwhile).
 */
export function countTreeCpu(root = process.pid): () => Map<string, number> {
  const before = new Map(tree(root).map((p) => [p.pid, p]));
  return () => {
    const used = new Map<string, number>();
    const add = (group: string, seconds: number) => used.set(group, (used.get(group) ?? 0) + seconds);
    for (const p of tree(root)) {
      const earlier = before.get(p.pid);
      add(p.group, p.own - (earlier?.own ?? 0));
      const reaped = p.children - (earlier?.children ?? 0);
      if (p.pid === root) add('reaped children', reaped);
      else add(p.group, reaped);
    }
    return used;
  };
}

export function formatCpu(used: Map<string, number>): string {
  const total = [...used.values()].reduce((a, b) => a + b, 0);
  const parts = [...used]
    .filter(([, seconds]) => seconds >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([group, seconds]) => `${group} ${seconds.toFixed(1)}`);
  return `${total.toFixed(1)} CPU s (${parts.join(', ')})`;
}

/** The resident memory of process `pid` in bytes (`VmRSS` in /proc/<pid>/status); 0 once it is gone. */
export function rssOf(pid: number): number {
  try {
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) * 1024 : 0;
  } catch {
    return 0;
  }
}
