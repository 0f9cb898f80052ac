import { HubError, unreachableReason } from './hub-error';

/** An answer as it came: its status, its body (parsed when JSON, else the text) and its headers. */
export interface HubResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface HubClientOptions {
  /** The hub's address, e.g. `http://localhost:3000`; `''` in a page the hub serves (same origin). */
  url: string;
  /** A member's bearer token; without one a browser sends its session cookie. */
  token?: string;
  /** Headers added to every request of a method (a browser session's CSRF token on changes). */
  headers?: (method: string) => Record<string, string>;
  /** The message of a HubError when the hub cannot be reached (default `cannot reach <url>: <reason>`). */
  unreachable?: (url: string, reason: string) => string;
}

/** A body as the hub's routes take it: JSON, or text or a stream sent as it is with its content type. */
export type RequestBody = object | string | ReadableStream<Uint8Array> | Blob;

/**
 * Requests to the hub: `/api/v1` put before API paths, the bearer token added, JSON sent and parsed. A hub
 * that cannot be reached is a HubError of status 0 whose message names the URL tried.
 */
export class HubHttp {
  readonly baseUrl: string;

  constructor(readonly options: HubClientOptions) {
    this.baseUrl = options.url.replace(/\/+$/, '');
  }

  get token(): string | undefined {
    return this.options.token;
  }

  urlOf(path: string): string {
    const outsideApi = path.startsWith('/health') || path === '/metrics' || path.startsWith('/docs');
    return `${this.baseUrl}${outsideApi ? '' : '/api/v1'}${path}`;
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: RequestBody,
    headers: Record<string, string> = {},
  ): Promise<HubResponse<T>> {
    const url = this.urlOf(path);
    const all: Record<string, string> = { ...this.options.headers?.(method), ...headers };
    if (this.options.token) all.authorization = `Bearer ${this.options.token}`;
    const init: RequestInit & { duplex?: 'half' } = { method, headers: all };
    if (typeof body === 'string' || body instanceof Blob) init.body = body;
    else if (body instanceof ReadableStream) {
      init.body = body;
      init.duplex = 'half'; // a stream sent as it is read (Node's fetch asks for it)
    } else if (body !== undefined) {
      init.body = JSON.stringify(body);
      all['content-type'] ??= 'application/json';
    }
    let res: Response;
    try {
      res = await fetch(url, init);
    } catch (error) {
      const reason = unreachableReason(error);
      const where = this.baseUrl || url;
      throw new HubError(0, this.options.unreachable?.(where, reason) ?? `cannot reach ${where}: ${reason}`);
    }
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json')) {
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Announced as JSON but not JSON: kept as text.
      }
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
}

/** `?a=1&b=x` of the defined values, or nothing. */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== '');
  if (!entries.length) return '';
  return `?${entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}`;
}
