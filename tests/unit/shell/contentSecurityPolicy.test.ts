import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, APP_START_URL } from '../../../main/app/appOrigin';
import {
  contentSecurityPolicy,
  developmentContentSecurityPolicy,
  pageSecurityHeaders,
} from '../../../main/app/contentSecurityPolicy';
import { pageLocation } from '../../../main/app/pageLocation';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
}

describe('content security policy', () => {
  const policy = directives(contentSecurityPolicy);

  it('allows scripts from our own origin only: no inline script, no eval', () => {
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|unsafe-hashes|wasm-unsafe-eval|\*/);
  });

  it('denies by default and names every directive the app relies on', () => {
    expect(Object.fromEntries(policy)).toEqual({
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
      'object-src': ["'none'"],
    });
  });

  it('is the header every page response carries', () => {
    expect(pageSecurityHeaders['Content-Security-Policy']).toBe(contentSecurityPolicy);
    expect(pageSecurityHeaders['X-Content-Type-Options']).toBe('nosniff');
  });

  it('loosens only script-src, and only for the dev server', () => {
    const dev = directives(developmentContentSecurityPolicy);
    expect(dev.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    for (const [name, values] of policy) if (name !== 'script-src') expect(dev.get(name)).toEqual(values);
  });
});

describe('page location', () => {
  it('loads our app:// page with the strict policy when packaged, whatever the environment says', () => {
    expect(pageLocation({ isPackaged: true, devServerUrl: 'http://localhost:5173/' })).toEqual({
      url: APP_START_URL,
      origin: APP_ORIGIN,
      contentSecurityPolicy,
    });
    expect(pageLocation({ isPackaged: false, devServerUrl: undefined }).contentSecurityPolicy).toBe(
      contentSecurityPolicy,
    );
  });

  it('uses the dev server only unpackaged, and only an http(s) one', () => {
    expect(pageLocation({ isPackaged: false, devServerUrl: 'http://localhost:5173/' })).toEqual({
      url: 'http://localhost:5173/',
      origin: 'http://localhost:5173',
      contentSecurityPolicy: developmentContentSecurityPolicy,
    });
    expect(pageLocation({ isPackaged: false, devServerUrl: 'file:///etc/passwd' }).url).toBe(APP_START_URL);
    expect(pageLocation({ isPackaged: false, devServerUrl: 'javascript:alert(1)' }).url).toBe(APP_START_URL);
    expect(pageLocation({ isPackaged: false, devServerUrl: 'not a url' }).url).toBe(APP_START_URL);
  });
});

describe('CSP <meta> in the built page', () => {
  it('is the header policy minus frame-ancestors (ignored in a meta), injected first in <head> at build only', async () => {
    const { cspMetaPlugin, metaContentSecurityPolicy } = await import('../../../scripts/cspMetaPlugin');
    const expected = new Map(directives(contentSecurityPolicy));
    expected.delete('frame-ancestors');
    expect(directives(metaContentSecurityPolicy)).toEqual(expected);
    const plugin = cspMetaPlugin();
    expect(plugin.apply).toBe('build');
    const hook = plugin.transformIndexHtml as { order: string; handler: () => unknown };
    expect(hook.handler()).toEqual([
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: metaContentSecurityPolicy },
        injectTo: 'head-prepend',
      },
    ]);
  });
});
