/**
 * `pam-desk:` links, from other tools (a ticket system, a chat message, a wiki): untrusted input.
 *
 *   pam-desk://launch?server=<https URL or host[:port]>&session=<uuid>[&client=app|external]
 *   pam-desk://session?server=<…>&session=<uuid>
 *
 * `parseDeepLink` accepts exactly this: the scheme, one of the two actions, no user, password, port, path
 * or fragment, each of the named parameters at most once and no other, a session id that is a UUID, a
 * server given as an https origin or a bare host. Anything else is refused with a message.
 *
 * `createDeepLinkHandler` is what the single instance calls with the link the OS gave it (`open-url` on
 * macOS, the second instance's argv elsewhere): it parses, resolves the server against the user's own
 * profiles (an unknown server is refused — a link cannot add one), and hands the result to the page as a
 * *pending* link. It never launches anything: the page asks the user, and only their click starts a client.
 */
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';

export const DEEP_LINK_SCHEME = 'pam-desk';

export class DeepLinkRefused extends Error {
  constructor(reason: string) {
    super(`PAM Desk ignored a pam-desk: link: ${reason}.`);
    this.name = 'DeepLinkRefused';
  }
}

export interface DeepLink {
  action: 'launch' | 'session';
  /** The server as an origin, `https://host[:port]`. */
  server: string;
  sessionId: string;
  client: 'app' | 'external' | null;
}

const MAX_LINK = 2048;
const UNSAFE = /[\u0000-\u0020\u007f-\u00a0\u2028\u2029\ufeff\u200b-\u200f\u202a-\u202e\u2066-\u2069\\]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const PARAMS: Record<DeepLink['action'], string[]> = {
  launch: ['server', 'session', 'client'],
  session: ['server', 'session'],
};

export function parseDeepLink(raw: unknown): DeepLink {
  if (typeof raw !== 'string' || raw.length === 0) throw new DeepLinkRefused('it is empty');
  if (raw.length > MAX_LINK) throw new DeepLinkRefused('it is too long');
  if (UNSAFE.test(raw)) throw new DeepLinkRefused('it contains spaces, control characters or backslashes');
  const match = /^pam-desk:\/\/([a-z]+)\/?\?([^#]*)$/i.exec(raw);
  if (!match) throw new DeepLinkRefused('it is not of the form pam-desk://launch?server=…&session=…');
  const action = (match[1] ?? '').toLowerCase();
  if (action !== 'launch' && action !== 'session')
    throw new DeepLinkRefused(`"${action.slice(0, 20)}" is not an action PAM Desk knows`);

  const values = new Map<string, string>();
  for (const pair of (match[2] ?? '').split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new DeepLinkRefused('it has a parameter without a value');
    const name = pair.slice(0, eq);
    let value: string;
    try {
      value = decodeURIComponent(pair.slice(eq + 1));
    } catch {
      throw new DeepLinkRefused('it has a badly encoded parameter');
    }
    if (!PARAMS[action].includes(name))
      throw new DeepLinkRefused(`it has an unknown parameter "${name.slice(0, 20).replace(/[^\x21-\x7e]/g, '?')}"`);
    if (values.has(name)) throw new DeepLinkRefused(`it names "${name}" twice`);
    if (UNSAFE.test(value) || value.length === 0)
      throw new DeepLinkRefused(`its "${name}" is empty or has unsafe characters`);
    values.set(name, value);
  }

  const sessionId = values.get('session');
  if (!sessionId || !UUID.test(sessionId)) throw new DeepLinkRefused('it names no valid session id');
  const server = values.get('server');
  if (!server) throw new DeepLinkRefused('it names no server');
  const client = values.get('client') ?? null;
  if (client !== null && client !== 'app' && client !== 'external')
    throw new DeepLinkRefused('its "client" is neither app nor external');
  return { action, server: serverOrigin(server), sessionId: sessionId.toLowerCase(), client };
}

function serverOrigin(value: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new DeepLinkRefused('its server is not an address');
  }
  if (url.protocol !== 'https:') throw new DeepLinkRefused('its server is not an https address');
  if (url.username || url.password) throw new DeepLinkRefused('its server address carries credentials');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    throw new DeepLinkRefused('its server address has a path or query');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!(isIP(host) !== 0 || HOSTNAME.test(host))) throw new DeepLinkRefused('its server host is not valid');
  // A look-alike (punycode from non-ASCII input) is not a host the user typed into a profile.
  if (/(^|\.)xn--/i.test(host) && !/(^|\.)xn--/i.test(value)) throw new DeepLinkRefused('its server host is not ASCII');
  return url.origin;
}

/** Finds the one `pam-desk:` argument in a second instance's argv; null when there is none. */
export function deepLinkInArgv(argv: readonly string[]): string | null {
  const links = argv.filter((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`));
  if (links.length > 1) throw new DeepLinkRefused('more than one link was given at once');
  return links[0] ?? null;
}

export interface PendingDeepLink extends DeepLink {
  /** Identifies this link when the user confirms it. */
  linkId: string;
  profileId: string;
  /** The profile's name, to show in the confirmation. */
  profileName: string;
}

export interface DeepLinkDeps {
  profiles(): Promise<Array<{ id: string; name: string; url: string }>>;
  /** The page shows the confirmation; nothing is launched from here. */
  emitPending(link: PendingDeepLink): void;
  emitRefused(message: string): void;
  log: { info(line: string): void; warn(line: string): void };
}

export interface DeepLinkHandler {
  /** Resolves with the pending link, or null when refused (the page was told why). */
  handleUrl(url: unknown): Promise<PendingDeepLink | null>;
  handleArgv(argv: readonly string[]): Promise<PendingDeepLink | null>;
  /** The user's click: the pending link, once, or null for an unknown or used id. */
  take(linkId: string): PendingDeepLink | null;
  /** The newest link still waiting (a page that loaded after the link came asks for it). */
  newest(): PendingDeepLink | null;
}

const MAX_PENDING = 5;

export function createDeepLinkHandler(deps: DeepLinkDeps): DeepLinkHandler {
  const pending = new Map<string, PendingDeepLink>();

  function refuse(message: string): null {
    deps.log.warn(`[deeplink] ${message}`);
    deps.emitRefused(message);
    return null;
  }

  async function handleUrl(url: unknown): Promise<PendingDeepLink | null> {
    let link: DeepLink;
    try {
      link = parseDeepLink(url);
    } catch (error) {
      if (error instanceof DeepLinkRefused) return refuse(error.message);
      throw error;
    }
    const profile = (await deps.profiles()).find((p) => {
      try {
        return new URL(p.url).origin === link.server;
      } catch {
        return false;
      }
    });
    if (!profile)
      return refuse(new DeepLinkRefused(`it names a server you have no profile for (${link.server})`).message);
    const entry: PendingDeepLink = { ...link, linkId: randomUUID(), profileId: profile.id, profileName: profile.name };
    pending.set(entry.linkId, entry);
    // A flood of links keeps only the newest few waiting.
    while (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value!);
    deps.log.info(
      `[deeplink] ${link.action} link for session ${link.sessionId} on ${link.server}: waiting for the user`,
    );
    deps.emitPending(entry);
    return entry;
  }

  return {
    handleUrl,
    async handleArgv(argv) {
      let url: string | null;
      try {
        url = deepLinkInArgv(argv);
      } catch (error) {
        if (error instanceof DeepLinkRefused) return refuse(error.message);
        throw error;
      }
      return url === null ? null : handleUrl(url);
    },
    take(linkId) {
      const entry = pending.get(linkId) ?? null;
      pending.delete(linkId);
      return entry;
    },
    newest: () => [...pending.values()].at(-1) ?? null,
  };
}
