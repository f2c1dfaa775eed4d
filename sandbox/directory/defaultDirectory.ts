/**
 * The demo directory a fresh sandbox starts with. Ids are fixed so that bookmarks and cached data
 * stay meaningful across restarts; passwords and TOTP secrets are generated per data folder.
 */
import { randomBytes } from 'node:crypto';
import { newTotpSecret } from '../auth/totp';
import type { Activity, Directory, DirectoryUser, LoginAccount, Policy, Resource } from './types';

export function newPassword(length = 20): string {
  // No quote, backslash or space, so the value survives copy-paste into any shell or RDP prompt.
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.!#%+=';
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

const id = (n: number, kind: string) => `${kind}-0000-4000-8000-${String(n).padStart(12, '0')}`;

const USERS: Array<Omit<DirectoryUser, 'password' | 'totpSecret'>> = [
  { id: id(1, '0a11ce00'), login: 'alice', displayName: 'Alice Adams', role: 'user' },
  { id: id(2, '0b0b0000'), login: 'bob', displayName: 'Bob Brown', role: 'user' },
  { id: id(3, '01170000'), login: 'rita', displayName: 'Rita Reviewer', role: 'approver' },
  { id: id(4, '0ada0000'), login: 'adam', displayName: 'Adam Admin', role: 'admin' },
  { id: id(5, '0e1e0000'), login: 'helen', displayName: 'Helen Helpdesk', role: 'helpdesk' },
];

export const DEMO_ACTIVITIES: Activity[] = [
  {
    id: id(1, 'ac710000'),
    name: 'Windows Admin (RDP)',
    description: 'Interactive desktop as the local Administrator',
    protocol: 'rdp',
    platform: 'Windows',
    loginAccountName: 'Administrator',
  },
  {
    id: id(2, 'ac710000'),
    name: 'Linux Root Shell (SSH)',
    description: 'Interactive shell as root',
    protocol: 'ssh',
    platform: 'Linux',
    loginAccountName: 'root',
  },
  {
    id: id(3, 'ac710000'),
    name: 'Linux Operator Shell (SSH)',
    description: 'Interactive shell as the ops account',
    protocol: 'ssh',
    platform: 'Linux',
    loginAccountName: 'ops',
  },
];

export const DEMO_RESOURCES: Resource[] = [
  {
    id: id(1, '4e500000'),
    name: 'win-app-01',
    displayName: 'Application server 1',
    os: 'Windows Server 2022',
    platform: 'Windows',
    address: '10.20.0.11',
    port: 3389,
    protocol: 'rdp',
    reachable: true,
  },
  {
    id: id(2, '4e500000'),
    name: 'win-db-01',
    displayName: 'SQL Server (production)',
    os: 'Windows Server 2019',
    platform: 'Windows',
    address: '10.20.0.21',
    port: 3389,
    protocol: 'rdp',
    reachable: true,
  },
  {
    id: id(3, '4e500000'),
    name: 'win-legacy-01',
    displayName: 'Legacy file server (offline)',
    os: 'Windows Server 2012 R2',
    platform: 'Windows',
    address: '10.20.0.99',
    port: 3389,
    protocol: 'rdp',
    reachable: false,
  },
  {
    id: id(4, '4e500000'),
    name: 'lnx-web-01',
    displayName: 'Web front end',
    os: 'Ubuntu 22.04',
    platform: 'Linux',
    address: '10.30.0.11',
    port: 22,
    protocol: 'ssh',
    reachable: true,
  },
  {
    id: id(5, '4e500000'),
    name: 'lnx-db-01',
    displayName: 'PostgreSQL (production)',
    os: 'Debian 12',
    platform: 'Linux',
    address: '10.30.0.21',
    port: 22,
    protocol: 'ssh',
    reachable: true,
  },
  {
    id: id(6, '4e500000'),
    name: 'lnx-build-01',
    displayName: 'Build agent',
    os: 'Rocky Linux 9',
    platform: 'Linux',
    address: '10.30.0.31',
    port: 22,
    protocol: 'ssh',
    reachable: true,
  },
];

/** One account per (resource, activity account name) that the resource's platform uses. */
export function loginAccountsFor(resources: Resource[], activities: Activity[], firstIndex = 1): LoginAccount[] {
  const accounts: LoginAccount[] = [];
  let n = firstIndex;
  for (const resource of resources) {
    const names = new Set(activities.filter((a) => a.platform === resource.platform).map((a) => a.loginAccountName));
    for (const name of names)
      accounts.push({ id: id(n++, 'acc00000'), resourceId: resource.id, name, password: newPassword() });
  }
  return accounts;
}

export function defaultDirectory(): Directory {
  const users: DirectoryUser[] = USERS.map((user) => ({
    ...user,
    password: newPassword(16),
    totpSecret: newTotpSecret(),
  }));
  const [alice, bob, rita, adam, helen] = users as [
    DirectoryUser,
    DirectoryUser,
    DirectoryUser,
    DirectoryUser,
    DirectoryUser,
  ];
  const [rdp, root, ops] = DEMO_ACTIVITIES as [Activity, Activity, Activity];
  const [winApp, winDb, winLegacy, lnxWeb, lnxDb, lnxBuild] = DEMO_RESOURCES as [
    Resource,
    Resource,
    Resource,
    Resource,
    Resource,
    Resource,
  ];
  const everyone = users.map((u) => u.id);
  const policies: Policy[] = [
    {
      id: id(1, '9011c700'),
      name: 'Standard servers',
      description: 'Day-to-day administration, no approval',
      userIds: everyone,
      approverIds: [],
      activityIds: [rdp.id, root.id],
      resourceIds: [winApp.id, winLegacy.id, lnxWeb.id, lnxBuild.id],
      maxSessionMinutes: 120,
      approvalRequired: false,
      allowPasswordAccess: true,
      viewPasswordSeconds: 20,
      allowSessionExtension: true,
      notesRequired: false,
      ticketRequired: false,
    },
    {
      id: id(2, '9011c700'),
      name: 'Production databases',
      description: 'Access to production data needs a reviewer',
      userIds: [alice.id, bob.id, helen.id, adam.id],
      approverIds: [rita.id, adam.id],
      activityIds: [rdp.id, root.id],
      resourceIds: [winDb.id, lnxDb.id],
      maxSessionMinutes: 60,
      approvalRequired: true,
      allowPasswordAccess: true,
      viewPasswordSeconds: 20,
      allowSessionExtension: true,
      notesRequired: false,
      ticketRequired: false,
    },
    {
      id: id(3, '9011c700'),
      name: 'Operators (proxy only)',
      description: 'Operator shell through the proxy; the password is never shown',
      userIds: [alice.id, bob.id, adam.id],
      approverIds: [],
      activityIds: [ops.id],
      resourceIds: [lnxWeb.id, lnxBuild.id],
      maxSessionMinutes: 240,
      approvalRequired: false,
      allowPasswordAccess: false,
      viewPasswordSeconds: 0,
      allowSessionExtension: false,
      notesRequired: false,
      ticketRequired: false,
    },
  ];
  return {
    users,
    activities: DEMO_ACTIVITIES.map((a) => ({ ...a })),
    resources: DEMO_RESOURCES.map((r) => ({ ...r })),
    loginAccounts: loginAccountsFor(DEMO_RESOURCES, DEMO_ACTIVITIES),
    policies,
  };
}
