/// <reference lib="dom" />
/**
 * Browser-mode stand-in for the Electron preload: defines `window.pam` over the bridge socket.
 * Loaded as a classic script ahead of the app's module script, so `window.pam` exists before the app runs
 * (calls made before the socket opens are queued).
 *
 * The token comes from the page URL's fragment (`#pam-token=…`), is removed from the address bar at once,
 * and kept in sessionStorage so a reload of this tab still connects.
 */
import { BRIDGE_SOCKET_PATH, TOKEN_FRAGMENT_KEY } from './bridgeProtocol';
import { createBridgeConnection, type SocketLike } from './bridgeConnection';
import { buildPamApi } from './buildPamApi';

function takeToken(): string {
  const storageKey = 'pam-bridge-token';
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const fromUrl = fragment.get(TOKEN_FRAGMENT_KEY);
  if (fromUrl) {
    fragment.delete(TOKEN_FRAGMENT_KEY);
    const rest = fragment.toString();
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
    remember(storageKey, fromUrl);
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(storageKey) ?? '';
  } catch {
    return '';
  }
}

// Storage can be unavailable (privacy settings); then only a reload loses the connection.
function remember(key: string, value: string): void {
  try {
    sessionStorage.setItem(key, value);
  } catch {
    // nothing to do
  }
}

const connection = createBridgeConnection({
  socketUrl: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${BRIDGE_SOCKET_PATH}`,
  token: takeToken(),
  // The DOM's handler types are narrower than SocketLike's (they name DOM event classes); the shapes match.
  createSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as SocketLike,
});

Object.defineProperty(window, 'pam', {
  value: buildPamApi(connection.invoke, connection.subscribe),
  writable: false,
  configurable: false,
  enumerable: true,
});
