import { describe, expect, it } from 'vitest';
import { createCookieJar } from '../../../main/nps/cookieJar';

function jar(secure = true) {
  let now = Date.parse('2026-03-01T12:00:00Z');
  const cookies = createCookieJar({ host: 'nps.example.com', secure, now: () => now });
  return { cookies, advance: (ms: number) => (now += ms) };
}

describe('the sign-in cookie jar', () => {
  it('sends back what the server set, on later requests to the same paths', () => {
    const { cookies } = jar();
    cookies.store(['Mfa=abc123; Path=/; Secure; HttpOnly; SameSite=Strict', 'Node=n1; path=/api'], '/signinBody');
    expect(cookies.header('/signin2fa')).toBe('Mfa=abc123');
    expect(cookies.header('/api/v1/ActivitySession/MySummaryByStatus/Active')).toBe('Node=n1; Mfa=abc123');
    expect(cookies.header('/apix')).toBe('Mfa=abc123');
  });

  it('defaults the path to the directory of the request (RFC 6265)', () => {
    const { cookies } = jar();
    cookies.store('A=1', '/auth/signinBody');
    expect(cookies.header('/auth/signin2fa')).toBe('A=1');
    expect(cookies.header('/signin2fa')).toBeNull();
    cookies.store('B=2', '/signinBody');
    expect(cookies.header('/signin2fa')).toBe('B=2');
  });

  it('replaces, deletes and expires cookies, and remembers that one lapsed', () => {
    const { cookies, advance } = jar();
    cookies.store('Mfa=one; Path=/; Max-Age=60', '/signinBody');
    cookies.store('Mfa=two; Path=/; Max-Age=60', '/signinBody');
    expect(cookies.header('/signin2fa')).toBe('Mfa=two');
    expect(cookies.lapsedFor('/signin2fa')).toBe(false);
    advance(61_000);
    expect(cookies.header('/signin2fa')).toBeNull();
    expect(cookies.lapsedFor('/signin2fa')).toBe(true);

    cookies.store('Other=x; Path=/; Expires=Wed, 01 Mar 2026 13:00:00 GMT', '/');
    expect(cookies.count('/')).toBe(1);
    cookies.store('Other=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT', '/');
    expect(cookies.count('/')).toBe(0);
    cookies.store('Third=x; Path=/', '/');
    cookies.store('Third=x; Path=/; Max-Age=0', '/');
    expect(cookies.count('/')).toBe(0);
  });

  it('keeps only cookies for this host, refuses Secure ones over plain HTTP, and ignores junk', () => {
    const { cookies } = jar();
    cookies.store(
      [
        'Evil=1; Domain=attacker.example',
        'Parent=1; Domain=example.com',
        'Mine=1; Domain=.nps.example.com; Path=/',
        'no-equals-sign',
        '=novalue',
        'bad name=1',
        'Ctl=a\u0007b',
      ],
      '/',
    );
    expect(cookies.header('/')).toBe('Mine=1');
    const plain = jar(false).cookies;
    plain.store(['S=1; Secure; Path=/', 'P=1; Path=/'], '/');
    expect(plain.header('/')).toBe('P=1');
  });

  it('forgets everything on clear', () => {
    const { cookies } = jar();
    cookies.store('Mfa=1; Path=/', '/');
    cookies.clear();
    expect(cookies.header('/')).toBeNull();
  });
});
