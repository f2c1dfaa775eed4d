/**
 * A sandbox whose RDP gateway fronts a real RDP server (freerdp-shadow-cli on its own Xvfb display, PAM
 * authentication of a fresh local account), with one RDP activity and resource alice and bob may use.
 * Shared by the RDP launch tests; needs root and the apt packages of `freerdpMissing`.
 */
import { randomUUID } from 'node:crypto';
import { type Directory, type SandboxHandle, type SandboxOptions, defaultDirectory } from '../../../../sandbox/index';
import { newPassword } from '../../../../sandbox/directory/defaultDirectory';
import { call, signIn, startTestSandbox, userId, waitForStatus } from '../../sandbox/helpers';
import { startShadowTarget, startXvfb, type ShadowTarget, type Xvfb } from '../../sandbox/rdp/freerdp';

export { freerdpMissing } from '../../sandbox/rdp/freerdp';

export const RDP_ACTIVITY = 'Test Desktop (RDP)';
export const RDP_RESOURCE = 'win-shadow-01';

export interface RdpWorld {
  sandbox: SandboxHandle;
  target: ShadowTarget;
  /** An Xvfb display for clients such as xfreerdp. */
  screen: Xvfb;
  activityId: string;
  resourceId: string;
  /** Creates a session of `login` on the RDP resource and waits until it is Available. */
  available(login: string): Promise<{ id: string; token: string }>;
  stop(): Promise<void>;
}

/**
 * The demo directory plus one RDP activity and resource (`RDP_RESOURCE`) on `shadow`, whose login account is
 * the shadow server's local account with `password`; alice and bob may request it.
 */
export function rdpDirectory(
  shadow: ShadowTarget,
  password: string,
): { directory: Directory; activityId: string; resourceId: string; policyId: string } {
  const activityId = randomUUID();
  const policyId = randomUUID();
  const resourceId = randomUUID();
  const directory = defaultDirectory();
  const people = directory.users.filter((u) => u.login === 'alice' || u.login === 'bob');
  directory.activities.push({
    id: activityId,
    name: RDP_ACTIVITY,
    description: 'Desktop on the test RDP server',
    protocol: 'rdp',
    platform: 'Windows',
    loginAccountName: shadow.user,
  });
  directory.resources.push({
    id: resourceId,
    name: RDP_RESOURCE,
    displayName: RDP_RESOURCE,
    os: 'Windows Server 2022',
    platform: 'Windows',
    address: '127.0.0.1',
    port: shadow.port,
    protocol: 'rdp',
    reachable: true,
    rdpTarget: { host: '127.0.0.1', port: shadow.port, certificateSha256: shadow.fingerprint },
  });
  directory.loginAccounts.push({ id: randomUUID(), resourceId, name: shadow.user, password });
  directory.policies.push({
    ...directory.policies[0]!,
    id: policyId,
    name: 'Test RDP server',
    userIds: people.map((u) => u.id),
    activityIds: [activityId],
    resourceIds: [resourceId],
  });
  return { directory, activityId, resourceId, policyId };
}

export async function startRdpWorld(
  options: Partial<SandboxOptions> = {},
  target: { interactive?: boolean; size?: string } = { interactive: true },
): Promise<RdpWorld> {
  const initial = newPassword();
  const wanted = target;
  const screen = await startXvfb();
  let shadowTarget: ShadowTarget | null = null;
  try {
    shadowTarget = await startShadowTarget(initial, wanted);
    const shadow = shadowTarget;
    const { directory, activityId, resourceId } = rdpDirectory(shadow, initial);
    const sandbox = await startTestSandbox({
      seedDemo: false,
      directory,
      onPasswordRotated: (res, account) => (res.id === resourceId ? shadow.setPassword(account.password) : undefined),
      ...options,
    });
    return {
      sandbox,
      target: shadow,
      screen,
      activityId,
      resourceId,
      available: async (login) => {
        const token = await signIn(sandbox, login);
        const created = await call<{ id: string }>(sandbox, 'POST', '/api/v1/ActivitySession', {
          token,
          body: { managedAccountId: userId(sandbox, login), activityId, managedResourceId: resourceId },
        });
        if (created.status !== 201) throw new Error(`session not created: ${created.text}`);
        await waitForStatus(sandbox, token, created.json.id, 'ActiveNoLogon');
        return { id: created.json.id, token };
      },
      stop: async () => {
        await sandbox.stop();
        await Promise.all([shadow.stop(), screen.stop()]);
      },
    };
  } catch (error) {
    await Promise.all([shadowTarget?.stop(), screen.stop()]);
    throw error;
  }
}
