import { describe, expect, it } from 'vitest';
import { isOwnPageUrl, originOf } from '../../../main/app/appOrigin';
import { mayNavigate, windowOpenDecision, withContentSecurityPolicy } from '../../../main/app/navigationPolicy';

describe('navigation policy', () => {
  it.each([
    ['app://pam-desk/index.html', true],
    ['app://pam-desk/other.html?x#y', true],
    ['app://pam-desk.evil/index.html', false],
    ['app://evil/index.html', false],
    ['https://pam-desk/index.html', false],
    ['https://netwrix.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['about:blank', false],
    ['garbage', false],
  ])('navigating to %s is allowed: %s', (url, allowed) => {
    expect(mayNavigate(url, 'app://pam-desk')).toBe(allowed);
  });

  it('compares full origins of non-special schemes (Node says "null" for their URL.origin)', () => {
    expect(new URL('app://pam-desk/x').origin).toBe('null');
    expect(originOf('app://pam-desk/x')).toBe('app://pam-desk');
    expect(originOf('http://localhost:5173/a')).toBe('http://localhost:5173');
    expect(isOwnPageUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });

  it.each([
    ['https://netwrix.com/docs', true],
    ['http://netwrix.com/docs', false],
    ['https://u:p@netwrix.com/', false],
    ['app://pam-desk/index.html', false],
    ['file:///etc/passwd', false],
  ])('a new window for %s is denied (opened externally: %s)', (url, external) => {
    expect(windowOpenDecision(url)).toEqual({ action: 'deny', openExternally: external });
  });
});

describe('CSP response header', () => {
  it('replaces any policy the response brought, in any letter case, and keeps other headers', () => {
    const headers = withContentSecurityPolicy(
      {
        'content-security-policy': ['script-src *'],
        'Content-Security-Policy-Report-Only': ['default-src *'],
        'Content-Type': ['text/html'],
      },
      "default-src 'none'",
    );
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'none'"] });
  });

  it('adds the policy when the response had no headers', () => {
    expect(withContentSecurityPolicy(undefined, "default-src 'none'")).toEqual({
      'Content-Security-Policy': ["default-src 'none'"],
    });
  });
});
