/**
 * Opens a session in the user's own client: RDP files in their RDP client, `ssh` in their terminal.
 *
 * `launchRdp` asks the server for the session's .rdp file, rewrites it from the allow-list (`rdpFile.ts`),
 * saves it 0600 in a private launch folder and starts the chosen client; FreeRDP gets the NPS password on
 * stdin (`/from-stdin:force`), never in argv. The folder is removed once the client has read the file
 * (FreeRDP asks for the password after parsing it), when the client exits, or after `fileGraceMs` for
 * clients that say nothing (mstsc, the Windows App, Remmina) — and at quit and the next start in any case.
 *
 * `launchSsh` asks for the session's SSH URL (`parseSshUrl`), reads the proxy's key and accepts it only with
 * the pinned fingerprint, writes known_hosts + ssh_config + the askpass helper into a launch folder, opens a
 * one-time askpass socket holding the password and the MFA code, and starts the terminal with `ssh`. The
 * folder goes when the askpass endpoint closes (both answers given, or 60 s).
 *
 * Every launch, refused, failed or started, is written to the audit trail (who, session, client; no secret).
 * Errors reach the page as `PamError`s with a message that says what to do.
 *
 * Over 300 lines: the two launches share the session checks, the launch folder, the audit and the client start;
 * file rewriting, askpass and client detection are their own files.
 */
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NpsSessionApi } from '../../nps/npsClient';
import { PamError } from '../../errors/pamError';
import type { Logger } from '../../log/logger';
import { parseOrRefuse } from '../launchRefusal';
import { parseSshUrl, SshUrlRefused, type SshTarget } from '../ssh/sshUrl';
import { openAskpassEndpoint, type AskpassEndpoint } from './askpassServer';
import { askpassWrapper, ASKPASS_HELPER_SOURCE } from './askpassHelperSource';
import type { InstalledClients, RdpClientId, TerminalId } from './clientDetect';
import type { LaunchFolder } from './launchFolder';
import { quoteWord } from './posixQuote';
import { pinnedProxyKeyLine } from './proxyHostKey';
import { parseRdpFile, RdpFileRefused, type RdpConnection } from './rdpFile';
import {
  askpassEnvironment,
  copyableSshCommand,
  knownHostsText,
  sshArguments,
  sshConfigEntry,
  sshConfigText,
} from './sshInvocation';
import { terminalCommand, TerminalUnsupported, type Spawnable } from './terminalCommand';

export interface ExternalAuditEntry {
  sessionId: string;
  protocol: 'rdp' | 'ssh';
  client: string;
  address: string;
  outcome: 'ok' | 'refused' | 'failed';
  detail: string;
}

export interface ExternalLaunchDeps {
  call<T>(fn: (api: NpsSessionApi) => Promise<T>): Promise<T>;
  signedIn(): { serverUrl: string; profileId: string | null } | null;
  rememberedPassword(): Promise<string | null>;
  /** The fingerprint pinned for the SSH proxy, or null when it was never confirmed. */
  pinnedProxyKey(profileId: string | null, host: string, port: number): string | null;
  /** SHA-256 (hex with colons) of the RDP gateway's certificate when PAM Desk knows it (the sandbox's). */
  gatewayCertificate(host: string, port: number): string | null;
  clients(): InstalledClients;
  folder: LaunchFolder;
  audit(entry: ExternalAuditEntry): void;
  log: Logger;
  /** The Node that runs the askpass helper (Electron as Node in the app). */
  nodePath?: string;
  /** Test seams. */
  spawn?: (program: string, args: string[], options: SpawnOptions) => ChildProcess;
  proxyKeyLine?: typeof pinnedProxyKeyLine;
  askpassTtlMs?: number;
  fileGraceMs?: number;
}

export interface LaunchAnswers {
  /** The NPS password when it is not remembered; null uses the remembered one. */
  password: string | null;
  /** The MFA code for the SSH proxy's keyboard-interactive prompt. */
  code: string | null;
}

export interface ExternalLaunch {
  client: string;
  pid: number | null;
  /** The launch folder (tests check what is in it; it is removed on its own). */
  folder: string;
  /** Resolves when the folder was removed. */
  cleaned: Promise<void>;
}

export interface ConnectionDetails {
  protocol: 'ssh';
  host: string;
  port: number;
  connectionString: string;
  command: string;
  /** When OpenSSH would refuse the name in `command`: the ~/.ssh/config lines that work instead. */
  configEntry: string | null;
}

export interface ExternalLaunchService {
  launchRdp(sessionId: string, clientId: RdpClientId | null, answers: LaunchAnswers): Promise<ExternalLaunch>;
  launchSsh(sessionId: string, terminalId: TerminalId | null, answers: LaunchAnswers): Promise<ExternalLaunch>;
  sshDetails(sessionId: string): Promise<ConnectionDetails>;
  /** Quit: closes every askpass socket and removes every launch folder. */
  dispose(): Promise<void>;
}

const FILE_GRACE_MS = 30_000;

export function createExternalLaunchService(deps: ExternalLaunchDeps): ExternalLaunchService {
  const { log, folder } = deps;
  const spawn = deps.spawn ?? nodeSpawn;
  const endpoints = new Set<AskpassEndpoint>();

  function who() {
    const signedIn = deps.signedIn();
    if (!signedIn) throw new PamError('unauthorized', 'You are signed out. Sign in again.');
    return signedIn;
  }

  function refused(
    entry: Omit<ExternalAuditEntry, 'outcome' | 'detail'>,
    message: string,
    code: 'launch_refused' | 'not_available' | 'internal' = 'launch_refused',
  ): never {
    log.warn(`[external] ${entry.protocol} launch of session ${entry.sessionId} refused: ${message}`);
    deps.audit({ ...entry, outcome: code === 'internal' ? 'failed' : 'refused', detail: message.slice(0, 500) });
    throw new PamError(code, message);
  }

  async function password(answers: LaunchAnswers): Promise<string | null> {
    return answers.password ?? (await deps.rememberedPassword());
  }

  async function sshTarget(sessionId: string): Promise<SshTarget> {
    const { serverUrl } = who();
    const raw = await deps.call((api) => api.sshUrl(sessionId));
    return parseOrRefuse(
      () => parseSshUrl(raw, serverUrl),
      SshUrlRefused,
      (reason) => refused({ sessionId, protocol: 'ssh', client: 'terminal', address: '' }, reason),
    );
  }

  function start(spawnable: Spawnable, env: NodeJS.ProcessEnv, stdin: 'pipe' | 'ignore'): ChildProcess {
    return spawn(spawnable.program, spawnable.args, {
      env,
      stdio: [stdin, 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: false,
    });
  }

  function removeWhen(dir: string, done: Promise<unknown>): Promise<void> {
    return done.then(
      () => folder.remove(dir),
      () => folder.remove(dir),
    );
  }

  return {
    async launchRdp(sessionId, clientId, answers) {
      const { serverUrl } = who();
      const installed = deps.clients().rdp;
      const client = clientId ? installed.find((c) => c.id === clientId) : installed[0];
      const base = { sessionId, protocol: 'rdp' as const, client: client?.label ?? clientId ?? 'none', address: '' };
      if (!client)
        refused(
          base,
          'No RDP client was found on this computer. Install FreeRDP or Remmina, or open the session in PAM Desk.',
          'not_available',
        );
      const raw = await deps.call((api) => api.rdpFile(sessionId));
      let rdp: RdpConnection;
      try {
        rdp = parseRdpFile(raw, serverUrl);
      } catch (error) {
        if (error instanceof RdpFileRefused) refused(base, error.message);
        throw error;
      }
      const address = `${rdp.host}:${rdp.port}`;
      const freerdp = client.id === 'xfreerdp' || client.id === 'wlfreerdp';
      const secret = freerdp ? await password(answers) : null;
      if (freerdp && secret === null) refused({ ...base, address }, 'Your PAM password is needed to open the session.');

      const dir = await folder.create();
      const file = path.join(dir, 'session.rdp');
      await writeFile(file, rdp.text, { mode: 0o600, flag: 'wx' });
      let spawnable: Spawnable;
      if (freerdp) {
        const pin = deps.gatewayCertificate(rdp.host, rdp.port);
        const cert = pin ? `/cert:fingerprint:sha256:${pin.toLowerCase()}` : '/cert:deny';
        spawnable = { program: client.program, args: [file, '/from-stdin:force', cert] };
      } else if (client.id === 'remmina') spawnable = { program: client.program, args: ['-c', file] };
      else spawnable = { program: client.program, args: [file] };

      let child: ChildProcess;
      try {
        child = start(spawnable, { ...process.env }, freerdp ? 'pipe' : 'ignore');
      } catch (error) {
        await folder.remove(dir);
        refused({ ...base, address }, `${client.label} could not be started: ${(error as Error).message}`, 'internal');
      }
      const read = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deps.fileGraceMs ?? FILE_GRACE_MS);
        timer.unref();
        child.once('exit', () => resolve());
        child.once('error', () => resolve());
        let output = '';
        // FreeRDP asks for the password (on stderr) only after it parsed the file.
        const watch = (chunk: Buffer) => {
          output = (output + chunk.toString('utf8')).slice(-200);
          if (/Password:/.test(output)) resolve();
        };
        child.stdout?.on('data', watch);
        child.stderr?.on('data', watch);
      });
      child.on('error', (error) => log.warn(`[external] ${client.label}: ${error.message}`));
      if (freerdp && child.stdin) {
        child.stdin.on('error', () => undefined);
        child.stdin.end(`${secret}\n`);
      }
      child.unref();
      const cleaned = removeWhen(dir, read);
      log.info(`[external] session ${sessionId}: ${client.label} started for ${address}`);
      deps.audit({ ...base, address, outcome: 'ok', detail: `Opened in ${client.label}` });
      return { client: client.label, pid: child.pid ?? null, folder: dir, cleaned };
    },

    async launchSsh(sessionId, terminalId, answers) {
      const { profileId } = who();
      const clients = deps.clients();
      const terminal = terminalId ? clients.terminals.find((t) => t.id === terminalId) : clients.terminals[0];
      const base = {
        sessionId,
        protocol: 'ssh' as const,
        client: terminal?.label ?? terminalId ?? 'none',
        address: '',
      };
      if (!clients.ssh)
        refused(
          base,
          'OpenSSH (ssh) was not found on this computer. Copy the connection details instead.',
          'not_available',
        );
      if (!terminal)
        refused(base, 'No terminal program was found on this computer. Copy the SSH command instead.', 'not_available');
      const target = await sshTarget(sessionId);
      const address = `${target.host}:${target.port}`;
      const pinned = deps.pinnedProxyKey(profileId, target.host, target.port);
      if (!pinned)
        refused(
          { ...base, address },
          `The SSH proxy's host key at ${address} is not confirmed yet. Open the session once in PAM Desk to compare and confirm it.`,
        );
      let keyLine: string;
      try {
        keyLine = await (deps.proxyKeyLine ?? pinnedProxyKeyLine)(target.host, target.port, pinned);
      } catch (error) {
        refused({ ...base, address }, (error as Error).message);
      }
      const secret = await password(answers);
      if (secret === null) refused({ ...base, address }, 'Your PAM password is needed to open the session.');

      const dir = await folder.create();
      const files = { configPath: path.join(dir, 'ssh_config'), knownHostsPath: path.join(dir, 'known_hosts') };
      const helper = path.join(dir, 'askpass.cjs');
      const wrapper = path.join(dir, 'askpass');
      await writeFile(files.knownHostsPath, knownHostsText(target, keyLine), { mode: 0o600, flag: 'wx' });
      await writeFile(files.configPath, sshConfigText(target, files), { mode: 0o600, flag: 'wx' });
      await writeFile(helper, ASKPASS_HELPER_SOURCE, { mode: 0o600, flag: 'wx' });
      await writeFile(wrapper, askpassWrapper(deps.nodePath ?? process.execPath, helper, quoteWord), { flag: 'wx' });
      await chmod(wrapper, 0o700);
      const code = answers.code;
      const endpoint = await openAskpassEndpoint(
        dir,
        { password: async () => secret, code: async () => code },
        { ttlMs: deps.askpassTtlMs ?? 60_000, log: (line) => log.warn(line) },
      );
      endpoints.add(endpoint);
      const env = askpassEnvironment(wrapper, endpoint);
      let spawnable: Spawnable;
      try {
        spawnable = terminalCommand(terminal, { program: clients.ssh, args: sshArguments(target, files) }, env);
      } catch (error) {
        await endpoint.close();
        await folder.remove(dir);
        if (error instanceof TerminalUnsupported) refused({ ...base, address }, error.message, 'not_available');
        throw error;
      }
      let child: ChildProcess;
      try {
        child = start(spawnable, { ...process.env, ...env }, 'ignore');
      } catch (error) {
        await endpoint.close();
        await folder.remove(dir);
        refused(
          { ...base, address },
          `${terminal.label} could not be started: ${(error as Error).message}`,
          'internal',
        );
      }
      child.stdout?.resume();
      child.stderr?.resume();
      child.on('error', (error) => {
        log.warn(`[external] ${terminal.label}: ${error.message}`);
        void endpoint.close('The terminal could not be started.');
      });
      child.unref();
      const cleaned = removeWhen(
        dir,
        endpoint.closed.then(() => endpoints.delete(endpoint)),
      );
      log.info(`[external] session ${sessionId}: ssh started in ${terminal.label} for ${address}`);
      deps.audit({ ...base, address, outcome: 'ok', detail: `Opened ssh in ${terminal.label}` });
      return { client: terminal.label, pid: child.pid ?? null, folder: dir, cleaned };
    },

    async sshDetails(sessionId) {
      const target = await sshTarget(sessionId);
      const { command, needsConfig } = copyableSshCommand(target);
      return {
        protocol: 'ssh',
        host: target.host,
        port: target.port,
        connectionString: target.username,
        command,
        configEntry: needsConfig ? sshConfigEntry(target) : null,
      };
    },

    async dispose() {
      await Promise.all([...endpoints].map((endpoint) => endpoint.close('PAM Desk is closing.')));
      await folder.sweep();
    },
  };
}
