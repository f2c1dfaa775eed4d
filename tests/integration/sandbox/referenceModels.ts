/**
 * Reads the published NPS 4.2 reference (markdown generated from its OpenAPI spec): the example JSON
 * of an endpoint's 200 response, its response schema, and the property tables of the models, so that
 * the fidelity test can compare the sandbox's answers with the published shapes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface FieldInfo {
  /** e.g. "string(uuid)", "integer(int32)", "boolean", or the referenced model's file. */
  type: string;
  nullable: boolean;
  /** Model file of an object, array element or enum, if the type links to one. */
  model: string | null;
}

export interface ModelInfo {
  file: string;
  fields: Map<string, FieldInfo>;
  /** Allowed values when the model is an enum. */
  enumValues: string[] | null;
}

const cache = new Map<string, ModelInfo>();

export function readModel(file: string): ModelInfo {
  const cached = cache.get(file);
  if (cached) return cached;
  const text = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  const fields = new Map<string, FieldInfo>();
  const properties = text.split('### Properties')[1] ?? '';
  const enumPart = properties.split('#### Enumerated Values')[1];
  const table = properties.split('#### Enumerated Values')[0]!;
  for (const line of table.split('\n')) {
    const cells = line.split('|').slice(1, -1);
    if (cells.length < 5 || cells[0] === 'Name' || cells[0]!.startsWith('---') || cells[0]!.startsWith('*')) continue;
    const [name, type] = cells as [string, string];
    const link = /\]\(([^)]+\.md)\)/.exec(type);
    const model = link ? path.resolve(path.dirname(file), link[1]!) : null;
    fields.set(name.replace(/^» /, ''), { type, nullable: type.includes('¦null'), model });
  }
  let enumValues: string[] | null = null;
  if (enumPart) {
    enumValues = [
      ...new Set(
        enumPart
          .split('\n')
          .map((l) => /^\|\*anonymous\*\|([^|]+)\|/.exec(l)?.[1])
          .filter((v): v is string => !!v),
      ),
    ];
  }
  const info = { file, fields, enumValues };
  cache.set(file, info);
  return info;
}

export interface EndpointReference {
  /** The parsed example body of the 200 response, or undefined when the reference shows none. */
  example: unknown;
  /** The response model file, or the primitive schema name ("string", "boolean"), or null ("None"/"Inline"). */
  schema: string | null;
}

export function readEndpoint(file: string): EndpointReference {
  const text = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  const at = text.indexOf('> 200 Response');
  let example: unknown = undefined;
  if (at >= 0) {
    const fence = /```\w*\n([\s\S]*?)\n```/.exec(text.slice(at));
    if (fence) {
      const body = fence[1]!
        .split('\n')
        .filter((line) => !/^\s*<\/?\w+[^>]*>\s*$/.test(line))
        .join('\n')
        .trim();
      if (body) example = JSON.parse(body) as unknown;
    }
  }
  const row = text.split('\n').find((line) => line.startsWith('|200|'));
  const schemaCell = row?.split('|')[4] ?? '';
  const link = /\]\(([^)]+\.md)\)/.exec(schemaCell);
  const schema = link
    ? path.resolve(path.dirname(file), link[1]!)
    : ['None', 'Inline', ''].includes(schemaCell)
      ? null
      : schemaCell;
  return { example, schema };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Compares `actual` (the sandbox) with `example` (the reference) recursively and returns the
 * differences. Rules: the same property names at every level; the same JSON type; a reference `null`
 * allows any type; a sandbox `null` is allowed only where the model marks the property nullable
 * (`¦null`) or the property is a reference to another object model (C# reference types, which the
 * generated tables do not mark); uuid and date-time strings must parse; enum values must be listed;
 * integers must be whole. Array elements are each compared with the reference's first element.
 * `counter.checked` counts the values compared, so a test can tell that something was compared at all.
 */
export function compareShape(
  actual: unknown,
  example: unknown,
  field: FieldInfo | null,
  where: string,
  counter: { checked: number },
  options: { dictionary?: boolean } = {},
): string[] {
  const problems: string[] = [];
  const model = field?.model ? readModel(field.model) : null;
  const isObjectModel = model !== null && model.enumValues === null;
  if (actual === null) {
    counter.checked++;
    if (example !== null && !(field?.nullable || isObjectModel))
      problems.push(`${where}: null where the reference has ${kind(example)} and the model does not allow null`);
    return problems;
  }
  if (model?.enumValues && typeof actual === 'string') {
    counter.checked++;
    if (!model.enumValues.includes(actual))
      problems.push(`${where}: '${actual}' is not one of ${model.enumValues.join(', ')}`);
  }
  if (example === null) return problems;
  if (kind(actual) !== kind(example)) {
    problems.push(`${where}: ${kind(actual)} where the reference has ${kind(example)}`);
    return problems;
  }
  counter.checked++;
  if (Array.isArray(actual)) {
    const element = (example as unknown[])[0];
    if (element === undefined) return problems;
    const elementField: FieldInfo | null = model ? { type: model.file, nullable: false, model: model.file } : null;
    actual.forEach((item, i) => problems.push(...compareShape(item, element, elementField, `${where}[${i}]`, counter)));
    return problems;
  }
  if (typeof actual === 'object') {
    const a = actual as Record<string, unknown>;
    const e = example as Record<string, unknown>;
    if (options.dictionary) {
      const sample = Object.values(e)[0];
      for (const [key, value] of Object.entries(a))
        problems.push(...compareShape(value, sample, null, `${where}.${key}`, counter));
      return problems;
    }
    const missing = Object.keys(e).filter((k) => !(k in a));
    const extra = Object.keys(a).filter((k) => !(k in e));
    if (missing.length) problems.push(`${where}: missing ${missing.join(', ')}`);
    if (extra.length) problems.push(`${where}: not in the reference: ${extra.join(', ')}`);
    for (const key of Object.keys(e)) {
      if (!(key in a)) continue;
      const info = isObjectModel ? (model.fields.get(key) ?? null) : null;
      problems.push(...compareShape(a[key], e[key], info, `${where}.${key}`, counter));
    }
    return problems;
  }
  const type = field?.type ?? '';
  if (typeof actual === 'string' && type.startsWith('string(uuid)') && !GUID.test(actual))
    problems.push(`${where}: '${actual}' is not a uuid`);
  if (typeof actual === 'string' && type.startsWith('string(date-time)') && Number.isNaN(Date.parse(actual)))
    problems.push(`${where}: '${actual}' is not a date-time`);
  if (typeof actual === 'number' && type.startsWith('integer') && !Number.isInteger(actual))
    problems.push(`${where}: ${actual} is not an integer`);
  return problems;
}

/** The field description of a whole response body whose schema is `modelFile`. */
export function rootField(modelFile: string | null): FieldInfo | null {
  return modelFile && modelFile.endsWith('.md') ? { type: modelFile, nullable: false, model: modelFile } : null;
}
