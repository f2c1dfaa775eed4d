/** The sandbox's directory: who may sign in, what they may reach, and under which policy. */
import type { SandboxRole } from '../auth/jwt';

export type Protocol = 'rdp' | 'ssh';
export type Platform = 'Windows' | 'Linux';

export interface DirectoryUser {
  id: string;
  login: string;
  displayName: string;
  role: SandboxRole;
  password: string;
  totpSecret: string;
}

export interface Activity {
  id: string;
  name: string;
  description: string;
  protocol: Protocol;
  platform: Platform;
  /** The login account used on the resource (an account of that name must exist on each resource). */
  loginAccountName: string;
}

export interface Resource {
  id: string;
  /** Host name, as used in connection strings. */
  name: string;
  displayName: string;
  os: string;
  platform: Platform;
  address: string;
  port: number;
  protocol: Protocol;
  /** False simulates a host that cannot be reached: provisioning sessions on it fails. */
  reachable: boolean;
  /**
   * Where the SSH proxy really connects for this resource. Absent: the sandbox's built-in target (a real
   * shell on 127.0.0.1), since `address` is only a display value for the demo hosts.
   */
  sshTarget?: SshTarget;
  /** Where the RDP gateway really connects for this resource; absent: the resource has no reachable RDP server. */
  rdpTarget?: RdpTarget;
}

export interface RdpTarget {
  host: string;
  port: number;
  /** SHA-256 of the target's TLS certificate, hex pairs joined by ':' (case ignored); the gateway refuses any other. */
  certificateSha256: string;
}

export interface SshTarget {
  host: string;
  port: number;
  /** The target's host key as OpenSSH prints it (`SHA256:` and unpadded base64); the proxy refuses any other. */
  hostKeySha256: string;
}

export interface LoginAccount {
  id: string;
  resourceId: string;
  name: string;
  password: string;
}

export interface Policy {
  id: string;
  name: string;
  description: string;
  userIds: string[];
  approverIds: string[];
  activityIds: string[];
  resourceIds: string[];
  /** Connection-profile settings. */
  maxSessionMinutes: number;
  approvalRequired: boolean;
  allowPasswordAccess: boolean;
  viewPasswordSeconds: number;
  allowSessionExtension: boolean;
  notesRequired: boolean;
  ticketRequired: boolean;
}

export interface Directory {
  users: DirectoryUser[];
  activities: Activity[];
  resources: Resource[];
  loginAccounts: LoginAccount[];
  policies: Policy[];
}

export const PLATFORM_IDS: Record<Platform, string> = {
  Windows: '5b1e3a2c-7f4d-4c1e-9a3b-2d6f8e0c1a01',
  Linux: '5b1e3a2c-7f4d-4c1e-9a3b-2d6f8e0c1a02',
};
