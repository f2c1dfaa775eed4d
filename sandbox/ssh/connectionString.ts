/**
 * The login name NPS hands out for proxied sessions: `user+activity+resource` (e.g.
 * `alice+Linux Root Shell (SSH)+lnx-web-01`). Activity names may hold spaces and brackets; user and
 * resource names hold no '+', so the first and last '+' separate the three parts.
 */
export interface ConnectionString {
  user: string;
  activity: string;
  resource: string;
}

export function formatConnectionString(parts: ConnectionString): string {
  return `${parts.user}+${parts.activity}+${parts.resource}`;
}

/** Null for anything that is not three non-empty parts of sane length. */
export function parseConnectionString(text: string): ConnectionString | null {
  if (text.length > 600 || /[\u0000-\u001f\u007f]/.test(text)) return null;
  const first = text.indexOf('+');
  const last = text.lastIndexOf('+');
  if (first <= 0 || last <= first + 1 || last === text.length - 1) return null;
  return { user: text.slice(0, first), activity: text.slice(first + 1, last), resource: text.slice(last + 1) };
}
