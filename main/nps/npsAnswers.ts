/** Reading an NPS answer's body: JSON checked against its schema, or one string (a password, a URL, a file). */
import type { z } from 'zod';
import { PamError } from '../errors/pamError';

/**
 * The published answer is a JSON string (`"…"`); a server answering `text/plain` sends the bare text. The
 * body is never quoted in an error: it is the password (taken as sent, never trimmed).
 */
export function passwordFrom(body: string, contentType: string, origin: string): string {
  return stringFrom(body, contentType, origin, { what: 'the password', missing: 'a password', trim: false });
}

/** A JSON string or plain text answer (the SSH URL), at most 4 KiB; its content is checked by the caller. */
export function textFrom(body: string, contentType: string, origin: string, what: string): string {
  return stringFrom(body, contentType, origin, { what, missing: what, trim: true });
}

/** A JSON string or plain text of 1–4096 characters; the body itself never goes into a message. */
function stringFrom(
  body: string,
  contentType: string,
  origin: string,
  { what, missing, trim }: { what: string; missing: string; trim: boolean },
): string {
  const text = trim ? body.trim() : body;
  let value: unknown = text;
  if (/json/i.test(contentType) || text.startsWith('"')) {
    try {
      value = JSON.parse(body);
    } catch {
      throw new PamError('bad_response', `${origin} sent ${what} in an unreadable form.`);
    }
  } else if (/html/i.test(contentType)) {
    throw new PamError('bad_response', `${origin} answered with a web page instead of ${what}.`);
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096) {
    throw new PamError('bad_response', `${origin} did not send ${missing}.`);
  }
  return value;
}

/** JSON → schema, with every way it can go wrong reported as `bad_response`. */
export function parseJson<S extends z.ZodType>(
  body: string,
  contentType: string,
  schema: S,
  what: string,
  origin: string,
): z.output<S> {
  const trimmed = body.trimStart();
  if (/html/i.test(contentType) || trimmed.startsWith('<')) {
    throw new PamError(
      'bad_response',
      `${origin} answered with a web page instead of ${what}. Is this the NPS server address?`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new PamError('bad_response', `${origin} sent ${what} as malformed or incomplete JSON.`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.slice(0, 4).join('.')}` : '';
    throw new PamError(
      'bad_response',
      `${origin} sent ${what} in an unexpected shape${where}: ${issue?.message ?? 'invalid'}.`,
    );
  }
  return parsed.data;
}
