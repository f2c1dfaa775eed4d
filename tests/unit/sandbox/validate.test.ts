import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CreateSchema,
  LockSchema,
  LogQuerySchema,
  SearchQuerySchema,
  SummaryQuerySchema,
} from '../../../sandbox/api/activitySessionSchemas';
import { HttpProblem } from '../../../sandbox/http/problem';
import { QueryBag } from '../../../sandbox/http/query';
import { parseBody, parseQuery, queryNames } from '../../../sandbox/http/validate';

describe('query and body names read from the zod schemas', () => {
  it('reads arrays repeated and everything else once', () => {
    expect(queryNames(SummaryQuerySchema).many).toEqual(['resourceName', 'userName']);
    expect(queryNames(SummaryQuerySchema).one).toEqual([
      'skip',
      'take',
      'orderBy',
      'orderDescending',
      'filterText',
      'metadataFilterText',
      'startDate',
      'endDate',
      'userId',
      'userGroupId',
      'filterUserType',
      'streamType',
    ]);
    expect(queryNames(SearchQuerySchema).many).toEqual([]);
    expect(queryNames(LogQuerySchema).one).toContain('logLevel');
    const wrapped = z.object({ a: z.array(z.string()).optional(), b: z.array(z.string()).default([]), c: z.string() });
    expect(queryNames(wrapped)).toEqual({ one: ['c'], many: ['a', 'b'] });
  });

  it('parses a query by those names, case-insensitively, and ignores names the schema lacks', () => {
    const q = parseQuery(
      new QueryBag('SKIP=5&take=10&ResourceName=a&resourceName[]=b&userName=c&unknown=1&filterText=x'),
      SummaryQuerySchema,
    );
    expect(q).toMatchObject({ skip: 5, take: 10, resourceName: ['a', 'b'], userName: ['c'], filterText: 'x' });
    expect(q).not.toHaveProperty('unknown');
    expect(() => parseQuery(new QueryBag('take=1&take=2'), SummaryQuerySchema)).toThrow(HttpProblem);
    expect(() => parseQuery(new QueryBag('logLevel=warning'), LogQuerySchema)).toThrow(HttpProblem);
  });

  it('maps body properties onto the schema names, without copying __proto__', () => {
    const body = JSON.parse(
      '{"ACTIVITYSESSIONIDS":["0b9c2f56-8f1a-4e8e-9d53-7a3b1c2d4e5f"],"Locked":true,"__proto__":{"polluted":1}}',
    ) as unknown;
    const lock = parseBody(LockSchema, body, 'The lock request');
    expect(lock).toEqual({ activitySessionIds: ['0b9c2f56-8f1a-4e8e-9d53-7a3b1c2d4e5f'], locked: true });
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
    const request = parseBody(
      CreateSchema,
      {
        ManagedAccountId: '0b9c2f56-8f1a-4e8e-9d53-7a3b1c2d4e5f',
        activityid: '1b9c2f56-8f1a-4e8e-9d53-7a3b1c2d4e5f',
        NOTE: 'n',
      },
      'The request',
    );
    expect(request).toMatchObject({ managedAccountId: expect.any(String), activityId: expect.any(String), note: 'n' });
    expect(() => parseBody(LockSchema, { locked: 'yes', activitySessionIds: [] }, 'The lock request')).toThrow(
      /The lock request is not valid: activitySessionIds/,
    );
  });
});
