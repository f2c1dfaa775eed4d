import { describe, expect, it } from 'vitest';
import { Throttle } from '../../../sandbox/auth/throttle';

describe('sign-in throttle', () => {
  it('blocks a key after maxFailures within the window, for lockoutMs', () => {
    let now = 0;
    const throttle = new Throttle({ maxFailures: 3, windowMs: 1000, lockoutMs: 5000 }, () => now);
    throttle.recordFailure('k');
    throttle.recordFailure('k');
    expect(throttle.retryAfterMs('k')).toBe(0);
    throttle.recordFailure('k');
    expect(throttle.retryAfterMs('k')).toBe(5000);
    now = 4000;
    expect(throttle.retryAfterMs('k')).toBe(1000);
    now = 5000;
    expect(throttle.retryAfterMs('k')).toBe(0);
    expect(throttle.retryAfterMs('other')).toBe(0);
  });

  it('forgets failures outside the window and on success; tolerance raises the limit', () => {
    let now = 0;
    const throttle = new Throttle({ maxFailures: 2, windowMs: 1000, lockoutMs: 5000 }, () => now);
    throttle.recordFailure('k');
    now = 2000;
    throttle.recordFailure('k');
    expect(throttle.retryAfterMs('k')).toBe(0);
    throttle.recordSuccess('k');
    throttle.recordFailure('k');
    expect(throttle.retryAfterMs('k')).toBe(0);
    for (let i = 0; i < 3; i++) throttle.recordFailure('address', 2);
    expect(throttle.retryAfterMs('address')).toBe(0);
    throttle.recordFailure('address', 2);
    expect(throttle.retryAfterMs('address')).toBe(5000);
  });
});
