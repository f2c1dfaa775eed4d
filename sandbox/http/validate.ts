/** zod helpers for path parameters, query strings and bodies; failures become 400 problem details. */
import { z } from 'zod';
import { badRequest } from './problem';
import type { QueryBag } from './query';

export const Guid = z.guid({ message: 'expected a GUID' });

export const IntText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^[+-]?\d{1,12}$/, 'expected an integer')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

export const BoolText = z
  .string()
  .trim()
  .transform((v) => v.toLowerCase())
  .pipe(z.enum(['true', 'false'], { message: 'expected true or false' }))
  .transform((v) => v === 'true');

/** ISO 8601 date or date-time; returns milliseconds since the epoch. */
export const DateText = z
  .string()
  .trim()
  .max(64)
  .regex(/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'expected an ISO 8601 date-time')
  .transform((v, ctx) => {
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'expected an ISO 8601 date-time' });
      return z.NEVER;
    }
    return ms;
  });

function errorsOf(error: z.ZodError): Record<string, string[]> {
  // Paths may hold names a client sent; without a prototype, "__proto__" is just another key.
  const errors = Object.create(null) as Record<string, string[]>;
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '$';
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const errors = errorsOf(result.error);
    const first = Object.entries(errors)[0];
    throw badRequest(`${what} is not valid${first ? `: ${first[0]} ${first[1][0]}` : ''}.`, errors);
  }
  return result.data;
}

/** A field that a query string repeats (`name=a&name=b`): an array, possibly optional or defaulted. */
function isList(field: z.ZodType): boolean {
  let inner: z.ZodType = field;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault || inner instanceof z.ZodNullable)
    inner = inner.unwrap() as z.ZodType;
  return inner instanceof z.ZodArray;
}

/** The schema's query parameter names: arrays are read repeated (`many`), the rest once (`one`). */
export function queryNames(schema: z.ZodObject): { one: string[]; many: string[] } {
  const names = { one: [] as string[], many: [] as string[] };
  for (const [name, field] of Object.entries(schema.shape)) (isList(field) ? names.many : names.one).push(name);
  return names;
}

/** Reads the query parameters `schema` names (arrays repeated, see `queryNames`) and validates them with it. */
export function parseQuery<T extends z.ZodObject>(query: QueryBag, schema: T): z.output<T> {
  const names = queryNames(schema);
  const raw: Record<string, unknown> = {};
  for (const name of names.one) {
    const value = query.one(name);
    if (value !== undefined) raw[name] = value;
  }
  for (const name of names.many) raw[name] = query.many(name);
  return parseOrThrow(schema, raw, 'The query');
}

export function parseId(value: string | undefined, name: string): string {
  return parseOrThrow(Guid, value, `Path parameter '${name}'`).toLowerCase();
}

/** Maps body properties onto the schema's names case-insensitively, as ASP.NET's JSON binding does. */
function normalizeKeys(body: unknown, schema: z.ZodObject): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const byLower = new Map(Object.keys(schema.shape).map((n) => [n.toLowerCase(), n]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    // JSON.parse makes "__proto__" an own key; copying it by assignment would set the prototype.
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    out[byLower.get(key.toLowerCase()) ?? key] = value;
  }
  return out;
}

/** Validates a JSON object body with `schema`, its property names matched case-insensitively. */
export function parseBody<T extends z.ZodObject>(schema: T, body: unknown, what: string): z.output<T> {
  return parseOrThrow(schema, normalizeKeys(body, schema), what);
}
