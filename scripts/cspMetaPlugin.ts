/**
 * Belt and braces: the built index.html also carries the CSP as a <meta>, so the page is protected
 * even if it is ever loaded without our response header. Build only — `electron-vite dev` needs the
 * React refresh inline script, and a <meta> policy cannot be loosened by a header.
 * `frame-ancestors` is left out: browsers ignore it (with a warning) in a <meta>.
 */
import type { Plugin } from 'vite';
import { contentSecurityPolicyDirectives } from '../main/app/contentSecurityPolicy';

export const metaContentSecurityPolicy = contentSecurityPolicyDirectives
  .filter(([name]) => name !== 'frame-ancestors')
  .map(([name, value]) => `${name} ${value}`)
  .join('; ');

export function cspMetaPlugin(): Plugin {
  return {
    name: 'pam-desk:csp-meta',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: metaContentSecurityPolicy },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}
