/**
 * `npm run sandbox`: starts the sandbox and prints, as the first line of standard output, one JSON
 * object {url, fingerprint, sshProxy, rdpProxy, users}, then help for humans. Type `code <login>` and Enter for a user's
 * current MFA code. Stops cleanly on Ctrl+C / SIGTERM, writing pending data.
 */
import { createInterface } from 'node:readline';
import { HELP, parseCliArgs } from './cliArgs';
import { defaultDirectory, startSandbox } from './index';
import { privateRdpTargetMissing, startPrivateRdpTarget, type PrivateRdpTarget } from './rdp/privateTarget';
import { DEFAULT_PUBLISHED_SHAPES } from './api/publishedShapes';

async function main(): Promise<void> {
  // A reader that goes away (e.g. `| head -1`) must not take the server down with an EPIPE.
  process.stdout.on('error', () => undefined);
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2), process.cwd());
  } catch (error) {
    process.stderr.write(`[sandbox] ${error instanceof Error ? error.message : String(error)}\n\n${HELP}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  // The demo's Windows servers get a real RDP server behind the gateway when this machine has one.
  let rdpTarget: PrivateRdpTarget | null = null;
  let rdpNote = privateRdpTargetMissing();
  if (!rdpNote) {
    try {
      rdpTarget = await startPrivateRdpTarget();
    } catch (error) {
      rdpNote = error instanceof Error ? error.message : String(error);
    }
  }
  const directory = defaultDirectory();
  if (rdpTarget)
    for (const resource of directory.resources)
      if (resource.protocol === 'rdp' && resource.reachable) resource.rdpTarget = rdpTarget.target;
  const handle = await startSandbox({
    directory,
    port: options.port,
    http: options.http,
    dataDir: options.dataDir,
    seedActive: options.seedActive,
    seedHistorical: options.seedHistorical,
    timings: { autoLoginMs: options.autoLoginMs },
    shapes: options.shapes,
    published: { recordsTotal: options.recordsTotal, ...(options.pageCap ? { pageCap: options.pageCap } : {}) },
    proxy: { sshPort: options.sshPort, rdpPort: options.rdpPort },
  });
  const first = {
    url: handle.url,
    fingerprint: handle.fingerprint,
    sshProxy: handle.sshProxy,
    rdpProxy: handle.rdpProxy,
    users: handle.users.map((u) => ({ login: u.login, password: u.password, totpSecret: u.totpSecret, role: u.role })),
  };
  process.stdout.write(`${JSON.stringify(first)}\n`);
  const lines = [
    '',
    `PAM Desk sandbox listening on ${handle.url}${handle.fingerprint ? `\n  certificate SHA-256: ${handle.fingerprint}` : ''}`,
    `SSH proxy on ${handle.sshProxy.host}:${handle.sshProxy.port}\n  host key: ${handle.sshProxy.hostKeyFingerprint}`,
    `RDP gateway on ${handle.rdpProxy.host}:${handle.rdpProxy.port}\n  certificate SHA-256: ${handle.rdpProxy.certificateFingerprint}`,
    rdpTarget
      ? `RDP server for the Windows demo servers: freerdp-shadow-cli on 127.0.0.1:${rdpTarget.target.port} (display ${rdpTarget.display})`
      : `No RDP server (${rdpNote}): an RDP launch says the resource has no reachable RDP server`,
    `  data: ${options.dataDir ?? 'in memory only'}`,
    ...(options.shapes === 'published'
      ? [
          `  shapes: published (int enums, offset-less dates, nulls, pages of at most ${options.pageCap ?? DEFAULT_PUBLISHED_SHAPES.pageCap} rows` +
            `${options.recordsTotal ? '' : ', no recordsTotal'}; /signin2fa needs the cookie /signinBody sets)`,
        ]
      : []),
    '  users:',
    ...handle.users.map((u) => `    ${u.login.padEnd(8)} ${u.role.padEnd(9)} ${u.displayName}`),
    '',
    'MFA codes: type "code <login>" and Enter here, or run: npm run sandbox:code -- <login>' +
      (options.dataDir ? ` --data ${options.dataDir}` : ''),
    "SSH: ssh -p <port> -l '<user>+<activity>+<resource>' 127.0.0.1 (the session's Ssh/{id} URL names it);",
    '  the NPS password, then the MFA code. RDP: the Rdp/{id} file (TLS; the connection string and the NPS',
    '  password) reaches resources that name an rdpTarget; POST /sandbox/sessions/{id}/login reports a login.',
    'Stop with Ctrl+C.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  const input = createInterface({ input: process.stdin, terminal: false });
  input.on('line', (line) => {
    const match = /^\s*code\s+(\S+)\s*$/i.exec(line);
    if (!match) {
      if (line.trim()) process.stdout.write('Commands: code <login>\n');
      return;
    }
    try {
      process.stdout.write(`${match[1]}: ${handle.totp(match[1]!)}\n`);
    } catch (error) {
      process.stdout.write(`${error instanceof Error ? error.message : String(error)}\n`);
    }
  });
  // stdin may be closed (run from a script or a test); the server keeps running regardless.
  input.on('close', () => undefined);

  const shutdown = () => {
    input.close();
    Promise.all([handle.stop(), rdpTarget?.stop()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`[sandbox] could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
