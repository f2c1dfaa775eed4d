/**
 * The launchers' handlers: `terminal.*` (SSH and watching a live session), `rdp.*`, `recordings.*` and the
 * own-client `external.*` ones. Builds the SSH, watching, RDP and own-client services from what the core
 * passes in: the proxy key and gateway certificate of the sandbox the core started are trusted as it names
 * them; everything else is pinned on first use, per profile. Every launch is audited the same way (D1).
 */
import type { AuditEntry, AuditTrail } from '../audit/auditTrail';
import type { AuthService } from '../auth/authService';
import type { Logger } from '../log/logger';
import type { NpsSessionApi } from '../nps/npsClient';
import type { ProfileService } from '../profiles/profileService';
import type { EventHub, Handlers } from '../router/router';
import type { SandboxHost } from '../sandboxHost/sandboxHost';
import { createExternalHandlers } from './external/externalHandlers';
import { createRdpCertificateStore } from './rdp/certificateStore';
import { createRdpLaunchService } from './rdp/rdpLaunchService';
import { createHostKeyStore } from './ssh/hostKeyStore';
import { createLiveWatchService } from './ssh/liveWatchService';
import { toRecording, toRecordingSummary } from './ssh/recordingSchemas';
import { createSshLaunchService } from './ssh/sshLaunchService';

type LaunchChannels =
  | 'terminal.open'
  | 'terminal.input'
  | 'terminal.ack'
  | 'terminal.resize'
  | 'terminal.answer'
  | 'terminal.close'
  | 'terminal.watch'
  | 'rdp.open'
  | 'rdp.input'
  | 'rdp.ack'
  | 'rdp.answer'
  | 'rdp.close'
  | 'recordings.list'
  | 'recordings.get';

export interface LaunchDeps {
  dataDir: string;
  auth: Pick<AuthService, 'call' | 'identity' | 'session' | 'currentProfileId' | 'rememberedPassword'>;
  audit: Pick<AuditTrail, 'record'>;
  sandbox: Pick<SandboxHost, 'running'>;
  profiles: Pick<ProfileService, 'list'>;
  events: Pick<EventHub, 'emit'>;
  log: Logger;
}

export interface Launchers {
  handlers: Pick<Handlers, LaunchChannels> & ReturnType<typeof createExternalHandlers>['handlers'];
  /** A `pam-desk:` link from the OS or a command line; the page asks the user before anything happens. */
  openLink(url: string): Promise<void>;
  openLinkFromArgv(argv: readonly string[]): Promise<void>;
  /** The profile is gone: its pinned SSH proxy keys, RDP gateway certificates and client choice go with it. */
  forgetProfile(profileId: string): void;
  /** Ends every terminal, watch and RDP viewer, telling the page why (sign-out). */
  closeAll(reason: string): void;
  /** `closeAll`, then the own-client launches' helpers and folders. */
  dispose(reason: string): Promise<void>;
}

export function createLaunchers(deps: LaunchDeps): Launchers {
  const { auth, sandbox, events, log } = deps;
  const watching = createLiveWatchService({
    call: (fn) => auth.call(fn),
    emitOutput: (output) => events.emit('terminal.output', output),
    emitStatus: (status) => events.emit('terminal.status', status),
    log,
  });
  // The launchers (SSH, RDP, own client) ask who is signed in the same way and audit a launch the same way (D1).
  const signedInProfile = () => {
    const who = auth.identity();
    return auth.session() !== null && who ? { serverUrl: who.server, profileId: auth.currentProfileId() } : null;
  };
  // What every launcher calls the server, asks who is signed in and reads a remembered password with.
  const asSignedIn = {
    call: <T>(fn: (api: NpsSessionApi) => Promise<T>) => auth.call(fn),
    signedIn: signedInProfile,
    rememberedPassword: () => auth.rememberedPassword(),
  };
  const recordLaunch = (
    tag: string,
    entry: Pick<AuditEntry, 'sessionId' | 'host' | 'action' | 'outcome' | 'detail'>,
  ): void => {
    const who = auth.identity();
    deps.audit
      .record({
        ...entry,
        server: who?.server ?? '',
        user: who?.login ?? '',
        loginAccount: '',
        detail: entry.detail.slice(0, 500),
      })
      .catch((error: unknown) => log.warn(`[${tag}] could not write the audit trail: ${(error as Error).message}`));
  };
  // The sandbox we started names its proxy's key and its gateway's certificate itself (from the source, not
  // the network); everything else is pinned on first use.
  const sandboxProxyKey = (host: string, port: number): string | null => {
    const proxy = sandbox.running()?.sshProxy;
    return proxy && proxy.host === host && proxy.port === port ? proxy.hostKeyFingerprint : null;
  };
  const sandboxGatewayCertificate = (host: string, port: number): string | null => {
    const gateway = sandbox.running()?.rdpProxy;
    return gateway && gateway.host === host && gateway.port === port ? gateway.certificateFingerprint : null;
  };
  const hostKeys = createHostKeyStore(deps.dataDir, log);
  const ssh = createSshLaunchService({
    ...asSignedIn,
    hostKeys: {
      ...hostKeys,
      pinned: (profileId, host, port) => sandboxProxyKey(host, port) ?? hostKeys.pinned(profileId, host, port),
    },
    emitOutput: (output) => events.emit('terminal.output', output),
    emitStatus: (status) => events.emit('terminal.status', status),
    emitPrompt: (prompt) => events.emit('terminal.prompt', prompt),
    audit: ({ sessionId, proxy, outcome, detail }) =>
      recordLaunch('ssh', { sessionId, host: proxy, action: 'launchSsh', outcome, detail }),
    log,
  });

  const external = createExternalHandlers({
    dataDir: deps.dataDir,
    ...asSignedIn,
    pinnedProxyKey: (profileId, host, port) =>
      sandboxProxyKey(host, port) ?? (profileId ? hostKeys.pinned(profileId, host, port) : null),
    gatewayCertificate: sandboxGatewayCertificate,
    // The sandbox's address changes every run: a link names it by the address it has now.
    profiles: async () =>
      (await deps.profiles.list()).profiles.flatMap((p) => {
        const url = p.kind === 'sandbox' ? sandbox.running()?.url : p.url;
        return url ? [{ id: p.id, name: p.name, url }] : [];
      }),
    audit: ({ sessionId, protocol, client, address, outcome, detail }) =>
      recordLaunch('external', {
        sessionId,
        host: address,
        action: protocol === 'rdp' ? 'launchRdp' : 'launchSsh',
        outcome,
        detail: `Own client (${client}): ${detail}`,
      }),
    emitLink: (link) => events.emit('external.link', link),
    emitLinkRefused: (refusal) => events.emit('external.linkRefused', refusal),
    log,
  });

  const rdpCertificates = createRdpCertificateStore(deps.dataDir, log);
  const rdp = createRdpLaunchService({
    ...asSignedIn,
    certificates: {
      ...rdpCertificates,
      pinned: (profileId, host, port) =>
        sandboxGatewayCertificate(host, port) ?? rdpCertificates.pinned(profileId, host, port),
    },
    emitFrame: (frame) => events.emit('rdp.frame', frame),
    emitStatus: (status) => events.emit('rdp.status', status),
    emitPrompt: (prompt) => events.emit('rdp.prompt', prompt),
    audit: ({ sessionId, gateway, outcome, detail }) =>
      recordLaunch('rdp', { sessionId, host: gateway, action: 'launchRdp', outcome, detail }),
    log,
  });

  const handlers: Launchers['handlers'] = {
    ...external.handlers,
    'terminal.open': ({ sessionId, cols, rows }) => ssh.open(sessionId, { cols, rows }),
    'terminal.input': async ({ terminalId, data }) => {
      ssh.input(terminalId, data);
      return null;
    },
    'terminal.ack': async ({ terminalId, bytes }) => {
      if (watching.owns(terminalId)) watching.ack(terminalId, bytes);
      ssh.ack(terminalId, bytes);
      return null;
    },
    'terminal.resize': async ({ terminalId, cols, rows }) => {
      ssh.resize(terminalId, { cols, rows });
      return null;
    },
    'terminal.answer': async ({ terminalId, promptId, value }) => {
      ssh.answer(terminalId, promptId, value);
      return null;
    },
    'rdp.open': ({ sessionId, width, height }) => rdp.open(sessionId, { width, height }),
    'rdp.input': async ({ viewerId, events: input }) => {
      rdp.input(viewerId, input);
      return null;
    },
    'rdp.ack': async ({ viewerId, bytes }) => {
      rdp.ack(viewerId, bytes);
      return null;
    },
    'rdp.answer': async ({ viewerId, promptId, value }) => {
      rdp.answer(viewerId, promptId, value);
      return null;
    },
    'rdp.close': async ({ viewerId }) => {
      rdp.close(viewerId);
      return null;
    },
    'terminal.close': async ({ terminalId }) => {
      watching.close(terminalId);
      ssh.close(terminalId);
      return null;
    },
    'terminal.watch': ({ sessionId }) => watching.open(sessionId),
    'recordings.list': async ({ sessionId }) => ({
      recordings: (await auth.call((api) => api.recordings(sessionId))).map(toRecordingSummary),
    }),
    'recordings.get': async ({ sessionId, proxySessionId }) =>
      toRecording(await auth.call((api) => api.recording(sessionId, proxySessionId))),
  };

  return {
    handlers,
    openLink: (url) => external.openLink(url),
    openLinkFromArgv: (argv) => external.openLinkFromArgv(argv),
    forgetProfile(profileId) {
      hostKeys.forget(profileId);
      external.forgetProfile(profileId);
      rdpCertificates.forget(profileId);
    },
    closeAll(reason) {
      ssh.closeAll(reason);
      watching.closeAll(reason);
      rdp.closeAll(reason);
    },
    async dispose(reason) {
      ssh.closeAll(reason);
      watching.closeAll(reason);
      await external.dispose().catch(() => undefined);
      rdp.closeAll(reason);
    },
  };
}
