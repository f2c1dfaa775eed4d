/**
 * RFC 7807 problem details, the error body ASP.NET Core (and so NPS) returns. Handlers throw
 * `HttpProblem`; the server turns it into `application/problem+json`.
 */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The request path the problem is about. */
  instance?: string;
  traceId?: string;
  errors?: Record<string, string[]>;
}

const TYPES: Record<number, [string, string]> = {
  400: ['https://tools.ietf.org/html/rfc7231#section-6.5.1', 'Bad Request'],
  401: ['https://tools.ietf.org/html/rfc7235#section-3.1', 'Unauthorized'],
  403: ['https://tools.ietf.org/html/rfc7231#section-6.5.3', 'Forbidden'],
  404: ['https://tools.ietf.org/html/rfc7231#section-6.5.4', 'Not Found'],
  405: ['https://tools.ietf.org/html/rfc7231#section-6.5.5', 'Method Not Allowed'],
  409: ['https://tools.ietf.org/html/rfc7231#section-6.5.8', 'Conflict'],
  413: ['https://tools.ietf.org/html/rfc7231#section-6.5.11', 'Payload Too Large'],
  414: ['https://tools.ietf.org/html/rfc7231#section-6.5.12', 'URI Too Long'],
  415: ['https://tools.ietf.org/html/rfc7231#section-6.5.13', 'Unsupported Media Type'],
  429: ['https://tools.ietf.org/html/rfc6585#section-4', 'Too Many Requests'],
  500: ['https://tools.ietf.org/html/rfc7231#section-6.6.1', 'Internal Server Error'],
};

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly extras: { errors?: Record<string, string[]>; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

export function problemBody(
  status: number,
  detail: string,
  traceId: string,
  errors?: Record<string, string[]>,
  instance?: string,
): ProblemBody {
  const [type, title] = TYPES[status] ?? TYPES[500]!;
  const body: ProblemBody = { type, title, status, detail };
  if (instance !== undefined) body.instance = instance;
  body.traceId = traceId;
  if (errors) body.errors = errors;
  return body;
}

export const badRequest = (detail: string, errors?: Record<string, string[]>) =>
  new HttpProblem(400, detail, errors ? { errors } : {});
export const unauthorized = (detail: string) =>
  new HttpProblem(401, detail, { headers: { 'WWW-Authenticate': 'Bearer' } });
export const forbidden = (detail: string) => new HttpProblem(403, detail);
export const notFound = (detail: string) => new HttpProblem(404, detail);
export const conflict = (detail: string) => new HttpProblem(409, detail);
