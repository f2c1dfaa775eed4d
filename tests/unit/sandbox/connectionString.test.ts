/** The proxy's login name: `user+activity+resource`, with activity names that hold spaces and brackets. */
import { describe, expect, it } from 'vitest';
import { formatConnectionString, parseConnectionString } from '../../../sandbox/ssh/connectionString';

describe('connection strings', () => {
  it('splits at the first and the last +, so an activity name may hold anything else', () => {
    expect(parseConnectionString('alice+Linux Root Shell (SSH)+lnx-web-01')).toEqual({
      user: 'alice',
      activity: 'Linux Root Shell (SSH)',
      resource: 'lnx-web-01',
    });
    expect(parseConnectionString('alice+C++ build+box')).toEqual({
      user: 'alice',
      activity: 'C++ build',
      resource: 'box',
    });
    const parts = { user: 'bob', activity: 'Ops (SSH)', resource: 'lnx-build-01' };
    expect(parseConnectionString(formatConnectionString(parts))).toEqual(parts);
  });

  it.each(['alice', 'alice+lnx', '+act+res', 'alice++res', 'alice+act+', 'a+b\n+c', `a+${'x'.repeat(700)}+c`])(
    'refuses %j',
    (text) => {
      expect(parseConnectionString(text)).toBeNull();
    },
  );
});
