// One fetch wrapper for the API: same-origin cookie session, the CSRF header on writes, the
// interface language as Accept-Language (the server answers errors in it), typed errors.
import { currentLang } from '../i18n';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let csrfToken = '';
export const setCsrfToken = (token: string) => {
  csrfToken = token;
};

type Listener = () => void;
const expiredListeners = new Set<Listener>();
/** Called when a request that needed a session got 401: the session expired or was ended. */
export function onSessionExpired(fn: Listener): () => void {
  expiredListeners.add(fn);
  return () => expiredListeners.delete(fn);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** FormData bodies (uploads) go as multipart */
  form?: FormData;
  headers?: Record<string, string>;
  /** a 401 on this request is an answer, not an expired session (log-in, the first /me) */
  expect401?: boolean;
  signal?: AbortSignal;
}

export async function api<T>(url: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.body !== undefined || opts.form ? 'POST' : 'GET');
  const headers: Record<string, string> = { 'accept-language': currentLang(), ...opts.headers };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', currentLang() === 'en' ? 'Network error' : '网络异常，请稍后重试。');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)
      ?.error;
    if (res.status === 401 && !opts.expect401) expiredListeners.forEach((fn) => fn());
    throw new ApiError(
      res.status,
      error?.code ?? String(res.status),
      error?.message ?? res.statusText,
      error?.details,
    );
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Query string from an object, skipping empty values; arrays repeat the key. */
export function qs(params: Record<string, unknown>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => sp.append(k, String(x)));
    else sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}
