/**
 * The one way the web app talks to the API: same origin, bearer token from the session, and
 * every failure turned into an ApiError carrying the API's error shape
 * `{statusCode, code, message, details, requestId}` so pages can show field-level reasons.
 */
import { tokenStore } from '../auth/token-store';

export interface FieldProblem {
  field: string;
  reasons: string[];
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId?: string;

  constructor(body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.statusCode = body.statusCode;
    this.code = body.code;
    this.details = body.details;
    this.requestId = body.requestId;
  }

  /** Field-level reasons of a VALIDATION_FAILED error, keyed by field path. */
  get fieldProblems(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    // VALIDATION_FAILED carries `details: {fields: [{field, reasons}]}`.
    const list =
      this.details && typeof this.details === 'object' && 'fields' in this.details
        ? (this.details as { fields: unknown }).fields
        : this.details;
    if (!Array.isArray(list)) return out;
    for (const item of list as unknown[]) {
      if (item && typeof item === 'object' && 'field' in item && 'reasons' in item) {
        const { field, reasons } = item as FieldProblem;
        out[field] = Array.isArray(reasons) ? reasons.map(String) : [String(reasons)];
      }
    }
    return out;
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

let onUnauthorized: () => void = () => undefined;
/** The auth provider signs the user out when a token is refused. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

async function send(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const token = tokenStore.get();
  const init: RequestInit = {
    method,
    headers: {
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  };
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError({ statusCode: 0, code: 'NETWORK', message: 'The server cannot be reached' });
  }
  if (response.ok) return response;
  let parsed: ErrorBody;
  try {
    parsed = (await response.json()) as ErrorBody;
  } catch {
    parsed = {
      statusCode: response.status,
      code: 'HTTP_' + response.status,
      message: response.statusText,
    };
  }
  if (response.status === 401 && token) onUnauthorized();
  throw new ApiError({ ...parsed, statusCode: parsed.statusCode ?? response.status });
}

async function json<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: async <T>(path: string, query?: Query) => json<T>(await send('GET', withQuery(path, query))),
  post: async <T>(path: string, body: unknown = {}, headers?: Record<string, string>) =>
    json<T>(await send('POST', path, body, headers)),
  patch: async <T>(path: string, body: unknown) => json<T>(await send('PATCH', path, body)),
  put: async <T>(path: string, body: unknown) => json<T>(await send('PUT', path, body)),
  delete: async <T>(path: string) => json<T>(await send('DELETE', path)),
  /** Fetches a CSV (or any file) with the session's token and hands it to the browser as a download. */
  download: async (path: string, filename: string, query?: Query) => {
    const response = await send('GET', withQuery(path, query), undefined, { accept: 'text/csv' });
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  },
};

/** A list the API pages: `{items, total, limit, offset}`. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/**
 * A fresh Idempotency-Key (UUID v4), one per user action and reused on retry.
 * `crypto.randomUUID` exists only in secure contexts (https, localhost), so it falls back to
 * getRandomValues, which works on plain http too.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
