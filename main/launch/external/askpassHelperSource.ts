/**
 * The askpass helper OpenSSH runs (`SSH_ASKPASS`) for a launch in the user's terminal, as source text: it is
 * written into the launch's private folder next to a two-line shell wrapper, so the packaged app needs no
 * extra file and the helper is plain Node without dependencies.
 *
 * It sends `{ticket, prompt}` as one JSON line to the app's one-time socket and prints the answer for ssh to
 * read on stdout; any refusal goes to stderr and exits 1, so ssh stops asking. It never writes what it
 * received anywhere else.
 */
export const ASKPASS_HELPER_SOURCE = `'use strict';
const net = require('node:net');
const socketPath = process.env.PAMDESK_ASKPASS_SOCKET || '';
const ticket = process.env.PAMDESK_ASKPASS_TICKET || '';
const prompt = String(process.argv[2] || '').slice(0, 1000);
const fail = (message) => {
  process.stderr.write('PAM Desk: ' + message + '\\n');
  process.exit(1);
};
if (!socketPath || !ticket) fail('this helper only answers ssh started by PAM Desk.');
const socket = net.createConnection(socketPath);
let reply = '';
socket.setEncoding('utf8');
socket.setTimeout(30000, () => fail('PAM Desk did not answer in time.'));
socket.on('error', () => fail('PAM Desk is not waiting for this sign-in any more (the 60 s to connect passed, or it was answered already).'));
socket.on('data', (chunk) => {
  reply += chunk;
  if (reply.length > 65536) fail('PAM Desk sent an answer that is too long.');
});
socket.on('end', () => {
  let parsed;
  try {
    parsed = JSON.parse(reply);
  } catch {
    fail('PAM Desk sent an answer that could not be read.');
  }
  if (!parsed || parsed.ok !== true || typeof parsed.answer !== 'string') fail(String((parsed && parsed.message) || 'refused'));
  process.stdout.write(parsed.answer + '\\n', () => process.exit(0));
});
socket.write(JSON.stringify({ ticket, prompt }) + '\\n');
`;

/** The wrapper ssh executes: the Node that runs the app (Electron as Node), the helper, nothing else. */
export function askpassWrapper(nodePath: string, helperPath: string, quote: (word: string) => string): string {
  return `#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec ${quote(nodePath)} ${quote(helperPath)} "$@"\n`;
}
