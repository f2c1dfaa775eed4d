/**
 * Reads who signed in from the token's payload, for UI decisions only (which tabs to show). The signature
 * is not checked here and need not be: the server checks it on every call and enforces every role.
 */
import { z } from 'zod';
import { Role, type SignedInUser } from '../../contract';

const ROLE_CLAIM_URI = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';
const stringOrList = z.union([z.string(), z.array(z.string())]).optional();

const Claims = z.object({
  sub: z.string().optional(),
  unique_name: z.string().optional(),
  name: z.string().optional(),
  role: stringOrList,
  [ROLE_CLAIM_URI]: stringOrList,
});

export function decodeJwtPayload(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The user as the token describes them; `fallbackLogin` when the token is opaque to us. */
export function userFromToken(token: string, fallbackLogin: string): SignedInUser {
  const parsed = Claims.safeParse(decodeJwtPayload(token) ?? {});
  const claims = parsed.success ? parsed.data : {};
  const raw = [claims.role ?? [], claims[ROLE_CLAIM_URI] ?? []].flat();
  const roles = [...new Set(raw.map((r) => r.toLowerCase()))].filter((r): r is Role => Role.safeParse(r).success);
  const login = claims.unique_name || fallbackLogin;
  return { login, displayName: claims.name || login, roles, isAdmin: roles.includes('admin') };
}
