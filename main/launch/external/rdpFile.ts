/**
 * The .rdp file PAM Desk writes for the user's own RDP client: the server's file (`GET
 * ActivitySession/Rdp/{id}`) read and checked by the one strict parser (`../rdp/rdpFile.ts`, shared with the
 * in-app viewer), then written again from that parser's result — allowed keys only, the checked gateway
 * first, CRLF line ends — so nothing the parser did not check reaches the client.
 */
import { readRdpFile, RdpFileRefused, type RdpFileTarget } from '../rdp/rdpFile';

export { RdpFileRefused };

export interface RdpConnection extends RdpFileTarget {
  /** The rewritten file: allowed keys only, CRLF line ends. */
  text: string;
}

export function parseRdpFile(raw: unknown, serverUrl: string): RdpConnection {
  const { host, port, username, settings } = readRdpFile(raw, serverUrl);
  const out = [`full address:s:${host.includes(':') ? `[${host}]` : host}:${port}`];
  for (const { key, type, value } of settings) if (key !== 'full address') out.push(`${key}:${type}:${value}`);
  return { host, port, username, text: `${out.join('\r\n')}\r\n` };
}
