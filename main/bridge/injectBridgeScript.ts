import { BRIDGE_SCRIPT_PATH } from '../../preload/bridgeProtocol';

const tag = `<script src="${BRIDGE_SCRIPT_PATH}"></script>`;

/**
 * Puts the bridge script ahead of the app's first script, so `window.pam` exists before the app runs.
 * It is a classic external script: it runs synchronously, under `script-src 'self'`, with nothing inline.
 */
export function injectBridgeScript(html: string): string {
  const firstScript = html.search(/<script\b/i);
  if (firstScript >= 0) return `${html.slice(0, firstScript)}${tag}\n    ${html.slice(firstScript)}`;
  const headEnd = html.search(/<\/head>/i);
  if (headEnd >= 0) return `${html.slice(0, headEnd)}${tag}\n  ${html.slice(headEnd)}`;
  return `${tag}\n${html}`;
}
