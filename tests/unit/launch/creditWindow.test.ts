import { describe, expect, it } from 'vitest';
import { CreditWindow } from '../../../main/launch/ssh/creditWindow';

function source() {
  const calls: string[] = [];
  return { calls, pause: () => calls.push('pause'), resume: () => calls.push('resume') };
}

describe('CreditWindow', () => {
  it('pauses the source once more than the high-water mark is unacknowledged', () => {
    const s = source();
    const window = new CreditWindow(s, 1000, 200);
    window.sent(600);
    window.sent(400);
    expect(s.calls).toEqual([]);
    window.sent(1);
    expect(s.calls).toEqual(['pause']);
    window.sent(5000);
    expect(s.calls).toEqual(['pause']);
    expect(window.isPaused).toBe(true);
  });

  it('resumes only when acknowledgements bring it down to the low-water mark', () => {
    const s = source();
    const window = new CreditWindow(s, 1000, 200);
    window.sent(1500);
    window.acked(1000);
    expect(s.calls).toEqual(['pause']);
    window.acked(300);
    expect(s.calls).toEqual(['pause', 'resume']);
    expect(window.outstanding).toBe(200);
  });

  it('ignores acknowledgements of bytes never sent and negative ones', () => {
    const s = source();
    const window = new CreditWindow(s, 1000, 200);
    window.acked(10_000);
    window.acked(-50);
    expect(window.outstanding).toBe(0);
    window.sent(1001);
    expect(s.calls).toEqual(['pause']);
  });

  it('a flood never gets more than one chunk past the high-water mark without acknowledgement', () => {
    const s = source();
    const window = new CreditWindow(s, 512 * 1024, 128 * 1024);
    let delivered = 0;
    for (let i = 0; i < 10_000 && !window.isPaused; i += 1) {
      window.sent(32 * 1024);
      delivered += 32 * 1024;
    }
    expect(delivered).toBeLessThanOrEqual(512 * 1024 + 32 * 1024);
  });
});
