import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../../sandbox/sessions/scheduler';

describe('sandbox scheduler', () => {
  it('fires due sessions in time order from one timer', async () => {
    const fired: string[] = [];
    const scheduler = new Scheduler(Date.now, (id) => fired.push(id));
    const start = Date.now();
    for (const [id, offset] of [
      ['c', 60],
      ['a', 20],
      ['d', 80],
      ['b', 40],
      ['a2', 20],
    ] as const)
      scheduler.schedule(id, start + offset);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(fired.slice(0, 2).sort()).toEqual(['a', 'a2']);
    expect(fired.slice(2)).toEqual(['b', 'c', 'd']);
    scheduler.stop();
  });

  it('keeps order over many random deadlines and fires nothing after stop', async () => {
    const fired: number[] = [];
    const scheduler = new Scheduler(Date.now, (id) => fired.push(Number(id)));
    const start = Date.now();
    const offsets = Array.from({ length: 300 }, (_, i) => (i * 7919) % 50);
    offsets.forEach((offset, i) => scheduler.schedule(String(i), start + offset));
    scheduler.schedule('late', start + 10_000);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(fired).toHaveLength(300);
    const firedOffsets = fired.map((i) => offsets[i]!);
    expect(firedOffsets).toEqual([...firedOffsets].sort((a, b) => a - b));
    scheduler.stop();
    scheduler.schedule('after-stop', Date.now());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fired).toHaveLength(300);
  });
});
