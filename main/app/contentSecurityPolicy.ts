/**
 * The page's Content-Security-Policy, sent by main as a response header (Electron) and by the bridge
 * server (browser mode), so both transports run the UI under the same rules.
 *
 * Scripts come only from our own origin: no inline script, no eval. Styles allow 'unsafe-inline'
 * because MUI/emotion inject <style> elements at runtime.
 */
export const contentSecurityPolicyDirectives: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
  ['object-src', "'none'"],
];

export const contentSecurityPolicy = contentSecurityPolicyDirectives
  .map(([name, value]) => `${name} ${value}`)
  .join('; ');

/** Other headers every page response carries. */
export const pageSecurityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * `electron-vite dev` only (never packaged, never the bridge): the React fast-refresh preamble is an
 * inline module script, so the dev server page needs inline scripts. Everything else stays as strict.
 */
export const developmentContentSecurityPolicy = contentSecurityPolicyDirectives
  .map(([name, value]) => `${name} ${name === 'script-src' ? `${value} 'unsafe-inline'` : value}`)
  .join('; ');
