/**
 * The `external.*` channels: builds the external launch service, the per-profile choice, client detection
 * and the `pam-desk:` link handler from what the core passes in, and gives the core its handlers and the
 * two entry points the single instance calls with links.
 */
import type {
  ActionChannel,
  ActionInput,
  ActionOutput,
  ExternalClients,
  LinkRefused,
  PendingLink,
} from '../../../contract';
import type { NpsSessionApi } from '../../nps/npsClient';
import { PamError } from '../../errors/pamError';
import type { Logger } from '../../log/logger';
import { detectClients, type InstalledClients, type RdpClientId, type TerminalId } from './clientDetect';
import { createDeepLinkHandler } from './deepLink';
import { createExternalLaunchService, type ExternalAuditEntry } from './externalLaunchService';
import { createLaunchChoiceStore } from './launchChoiceStore';
import { createLaunchFolder, type LaunchFolder } from './launchFolder';

export interface ExternalHandlerDeps {
  dataDir: string;
  call<T>(fn: (api: NpsSessionApi) => Promise<T>): Promise<T>;
  signedIn(): { serverUrl: string; profileId: string | null } | null;
  rememberedPassword(): Promise<string | null>;
  pinnedProxyKey(profileId: string | null, host: string, port: number): string | null;
  gatewayCertificate(host: string, port: number): string | null;
  profiles(): Promise<Array<{ id: string; name: string; url: string }>>;
  audit(entry: ExternalAuditEntry): void;
  emitLink(link: PendingLink): void;
  emitLinkRefused(refusal: LinkRefused): void;
  log: Logger;
  /** Test seams. */
  folder?: LaunchFolder;
  clients?: () => InstalledClients;
}

type Handler<C extends ActionChannel> = (input: ActionInput<C>) => Promise<ActionOutput<C>>;

export function createExternalHandlers(deps: ExternalHandlerDeps) {
  const folder = deps.folder ?? createLaunchFolder();
  const clients = deps.clients ?? (() => detectClients());
  const choices = createLaunchChoiceStore(deps.dataDir);
  // A crash may have left launch folders behind: nothing secret is in them, but they go.
  void folder
    .sweep()
    .then((count) => count && deps.log.info(`[external] removed ${count} launch folder(s) left by an earlier run`))
    .catch((error: unknown) =>
      deps.log.warn(`[external] could not clean the launch folder: ${(error as Error).message}`),
    );

  const service = createExternalLaunchService({ ...deps, folder, clients });
  const links = createDeepLinkHandler({
    profiles: deps.profiles,
    emitPending: deps.emitLink,
    emitRefused: (message) => deps.emitLinkRefused({ message: message.slice(0, 500) }),
    log: deps.log,
  });

  function listClients(): ExternalClients {
    const found = clients();
    return {
      rdp: found.rdp.map(({ id, label }) => ({ id, label })),
      terminals: found.terminals.map(({ id, label }) => ({ id, label })),
      ssh: found.ssh !== null,
      choice: choices.get(deps.signedIn()?.profileId ?? null),
    };
  }

  const clientsHandler: Handler<'external.clients'> = async () => listClients();
  const choose: Handler<'external.choose'> = async ({ protocol, choice }) => {
    const profileId = deps.signedIn()?.profileId;
    if (!profileId) throw new PamError('unauthorized', 'Sign in to a saved server to keep a choice of client.');
    choices.set(profileId, protocol, choice);
    return listClients();
  };
  const launch: Handler<'external.launch'> = async ({ sessionId, protocol, client, password, code }) => {
    const answers = { password, code };
    const started =
      protocol === 'rdp'
        ? await service.launchRdp(sessionId, client as RdpClientId | null, answers)
        : await service.launchSsh(sessionId, client as TerminalId | null, answers);
    return { client: started.client };
  };
  const details: Handler<'external.details'> = ({ sessionId }) => service.sshDetails(sessionId);
  const takeLink: Handler<'external.takeLink'> = async ({ linkId }) => links.take(linkId);
  const pendingLink: Handler<'external.pendingLink'> = async () => links.newest();

  return {
    handlers: {
      'external.clients': clientsHandler,
      'external.choose': choose,
      'external.launch': launch,
      'external.details': details,
      'external.takeLink': takeLink,
      'external.pendingLink': pendingLink,
    },
    /** A link the OS handed to this instance (macOS `open-url`). */
    openLink: (url: string) => links.handleUrl(url).then(() => undefined),
    /** A second instance's (or this start's) command line. */
    openLinkFromArgv: (argv: readonly string[]) => links.handleArgv(argv).then(() => undefined),
    forgetProfile: (profileId: string) => choices.forget(profileId),
    dispose: () => service.dispose(),
  };
}
