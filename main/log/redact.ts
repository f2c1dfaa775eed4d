/**
 * The last line of defence before a log line is written: whatever a caller passes, a value that looks
 * like a bearer token or JWT, or a password/code/token field, never reaches the disk.
 */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer)\s+[^\s"',;]+/gi;
// "password":"…", password=…, Password: … (JSON, query strings and prose alike).
const SECRET_FIELD =
  /(["']?\b(?:password|passwd|pwd|code|mfaCode|totp|totpSecret|secret|token|accessToken|authorization)\b["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,;&}]+)/gi;

export function redact(message: string): string {
  return message
    .replace(JWT, '[redacted-token]')
    .replace(BEARER, '$1 [redacted]')
    .replace(SECRET_FIELD, '$1[redacted]');
}
