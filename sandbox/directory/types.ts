/** The sandbox's directory: who may sign in, what they may reach, and under which policy. */
import { z } from 'zod';

/** Ids of directory entries and sessions (GUIDs in lower case; the schema takes any short string). */
export const RecordId = z.string().min(1).max(64);

export const SandboxRoleSchema = z.enum(['user', 'approver', 'admin', 'helpdesk']);
export type SandboxRole = z.infer<typeof SandboxRoleSchema>;

const ProtocolSchema = z.enum(['rdp', 'ssh']);
export type Protocol = z.infer<typeof ProtocolSchema>;
const PlatformSchema = z.enum(['Windows', 'Linux']);
export type Platform = z.infer<typeof PlatformSchema>;

const DirectoryUserSchema = z.object({
  id: RecordId,
  login: z.string().min(1).max(64),
  displayName: z.string().max(256),
  role: SandboxRoleSchema,
  password: z.string().min(1),
  totpSecret: z.string().regex(/^[A-Z2-7]+=*$/),
});
export type DirectoryUser = z.infer<typeof DirectoryUserSchema>;

const ActivitySchema = z.object({
  id: RecordId,
  name: z.string().min(1).max(256),
  description: z.string(),
  protocol: ProtocolSchema,
  platform: PlatformSchema,
  /** The login account used on the resource (an account of that name must exist on each resource). */
  loginAccountName: z.string().min(1),
});
export type Activity = z.infer<typeof ActivitySchema>;

const SshTargetSchema = z.object({
  host: z.string().min(1).max(256),
  port: z.number().int().min(1).max(65535),
  /** The target's host key as OpenSSH prints it (`SHA256:` and unpadded base64); the proxy refuses any other. */
  hostKeySha256: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
});
export type SshTarget = z.infer<typeof SshTargetSchema>;

const RdpTargetSchema = z.object({
  host: z.string().min(1).max(256),
  port: z.number().int().min(1).max(65535),
  /** SHA-256 of the target's TLS certificate, hex pairs joined by ':' (case ignored); the gateway refuses any other. */
  certificateSha256: z.string().regex(/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){31}$/),
});
export type RdpTarget = z.infer<typeof RdpTargetSchema>;

const ResourceSchema = z.object({
  id: RecordId,
  /** Host name, as used in connection strings. */
  name: z.string().min(1).max(256),
  displayName: z.string(),
  os: z.string(),
  platform: PlatformSchema,
  address: z.string(),
  port: z.number().int(),
  protocol: ProtocolSchema,
  /** False simulates a host that cannot be reached: provisioning sessions on it fails. */
  reachable: z.boolean(),
  /**
   * Where the SSH proxy really connects for this resource. Absent: the sandbox's built-in target (a real
   * shell on 127.0.0.1), since `address` is only a display value for the demo hosts.
   */
  sshTarget: SshTargetSchema.optional(),
  /** Where the RDP gateway really connects for this resource; absent: the resource has no reachable RDP server. */
  rdpTarget: RdpTargetSchema.optional(),
});
export type Resource = z.infer<typeof ResourceSchema>;

const LoginAccountSchema = z.object({
  id: RecordId,
  resourceId: RecordId,
  name: z.string().min(1),
  password: z.string().min(1),
});
export type LoginAccount = z.infer<typeof LoginAccountSchema>;

const PolicySchema = z.object({
  id: RecordId,
  name: z.string().min(1),
  description: z.string(),
  userIds: z.array(RecordId),
  approverIds: z.array(RecordId),
  activityIds: z.array(RecordId),
  resourceIds: z.array(RecordId),
  /** Connection-profile settings. */
  maxSessionMinutes: z.number().int().positive(),
  approvalRequired: z.boolean(),
  allowPasswordAccess: z.boolean(),
  viewPasswordSeconds: z.number().int().min(0),
  allowSessionExtension: z.boolean(),
  notesRequired: z.boolean(),
  ticketRequired: z.boolean(),
});
export type Policy = z.infer<typeof PolicySchema>;

/** The directory as the data file holds it (validated when read). */
export const DirectorySchema = z.object({
  users: z.array(DirectoryUserSchema).min(1),
  activities: z.array(ActivitySchema),
  resources: z.array(ResourceSchema),
  loginAccounts: z.array(LoginAccountSchema),
  policies: z.array(PolicySchema),
});
export type Directory = z.infer<typeof DirectorySchema>;

export const PLATFORM_IDS: Record<Platform, string> = {
  Windows: '5b1e3a2c-7f4d-4c1e-9a3b-2d6f8e0c1a01',
  Linux: '5b1e3a2c-7f4d-4c1e-9a3b-2d6f8e0c1a02',
};
