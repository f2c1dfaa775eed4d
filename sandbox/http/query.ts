/**
 * Query strings the way ASP.NET Core binds them: names are case-insensitive, arrays repeat the name
 * (`userName=a&userName=b`, also `userName[]=a` or `userName[0]=a`). A scalar given twice is an error
 * rather than a silent pick, so a confused client learns about it.
 */
import { badRequest } from './problem';

export class QueryBag {
  readonly #values = new Map<string, string[]>();

  constructor(search: string) {
    for (const [rawName, value] of new URLSearchParams(search)) {
      const name = rawName.toLowerCase().replace(/\[\d*\]$/, '');
      const list = this.#values.get(name);
      if (list) list.push(value);
      else this.#values.set(name, [value]);
    }
  }

  one(name: string): string | undefined {
    const list = this.#values.get(name.toLowerCase());
    if (!list) return undefined;
    if (list.length > 1)
      throw badRequest(`Query parameter '${name}' was given more than once.`, { [name]: ['must be given once'] });
    return list[0];
  }

  many(name: string): string[] {
    return this.#values.get(name.toLowerCase()) ?? [];
  }
}
