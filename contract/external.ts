/**
 * Opening sessions in the user's own clients, and `pam-desk:` links, in the contract. What is installed,
 * the per-profile choice of client per protocol, the launch (password and MFA code go to main, which hands
 * them to the client by stdin or the one-time askpass socket — never argv, environment or disk), the
 * connection details to copy, and links waiting for the user's confirmation.
 */
import { z } from 'zod';
import { Uuid } from './schemas';

export const ExternalProtocol = z.enum(['ssh', 'rdp']);
export type ExternalProtocol = z.infer<typeof ExternalProtocol>;
export const ExternalClientId = z.enum([
  'xfreerdp',
  'wlfreerdp',
  'remmina',
  'mstsc',
  'macos-open',
  'x-terminal-emulator',
  'gnome-terminal',
  'konsole',
  'xterm',
  'macos-terminal',
  'windows-terminal',
]);
export type ExternalClientId = z.infer<typeof ExternalClientId>;

const Client = z.object({ id: ExternalClientId, label: z.string().max(100) });
/** Per protocol: `app` (inside PAM Desk, the default) or one client's id. */
export const LaunchChoice = z.object({
  ssh: z.union([z.literal('app'), ExternalClientId]),
  rdp: z.union([z.literal('app'), ExternalClientId]),
});
export type LaunchChoice = z.infer<typeof LaunchChoice>;

export const ExternalClients = z.object({
  rdp: z.array(Client),
  terminals: z.array(Client),
  /** OpenSSH's ssh was found (every terminal launch needs it). */
  ssh: z.boolean(),
  /** The signed-in profile's choice. */
  choice: LaunchChoice,
});
export type ExternalClients = z.infer<typeof ExternalClients>;

export const LaunchChoiceUpdate = z.object({
  protocol: ExternalProtocol,
  choice: z.union([z.literal('app'), ExternalClientId]),
});

export const ExternalLaunchRequest = z.object({
  sessionId: Uuid,
  protocol: ExternalProtocol,
  client: ExternalClientId.nullable(),
  /** Null: the remembered password is used. */
  password: z.string().min(1).max(1024).nullable(),
  code: z
    .string()
    .regex(/^[0-9A-Za-z]{4,12}$/)
    .nullable(),
});
export const ExternalLaunchResult = z.object({ client: z.string().max(100) });

export const ConnectionDetailsRequest = z.object({ sessionId: Uuid });
export const ConnectionDetails = z.object({
  protocol: z.literal('ssh'),
  host: z.string().max(253),
  port: z.number().int().min(1).max(65535),
  connectionString: z.string().max(512),
  command: z.string().max(1200),
  configEntry: z.string().max(1200).nullable(),
});
export type ConnectionDetails = z.infer<typeof ConnectionDetails>;

export const PendingLink = z.object({
  linkId: Uuid,
  action: z.enum(['launch', 'session']),
  server: z.string().max(300),
  sessionId: Uuid,
  client: z.enum(['app', 'external']).nullable(),
  profileId: z.string().max(64),
  profileName: z.string().max(200),
});
export type PendingLink = z.infer<typeof PendingLink>;
export const LinkRef = z.object({ linkId: Uuid });
export const LinkRefused = z.object({ message: z.string().max(500) });
export type LinkRefused = z.infer<typeof LinkRefused>;
