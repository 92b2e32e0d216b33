import { CartsSourceError } from './carts-source-error.ts';

/**
 * One GET of a page: its body when the API answers 200. Anything else is a
 * CartsSourceError for the poll loop to retry: a refusal with its status (and
 * the Retry-After the API asked for), no answer within the timeout, or no
 * connection at all.
 */
export async function fetchPage(url: string, timeoutMs: number, signal: AbortSignal): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]), headers: { accept: 'application/json' } });
  } catch (error) {
    throw failure(url, timeoutMs, error);
  }
  // The body is read within the same timeout: a server that stalls mid-page is no answer either.
  const body = await response.arrayBuffer().then(Buffer.from, (error: unknown) => {
    throw failure(url, timeoutMs, error);
  });
  if (response.ok) return body;
  const retryAfterMs = retryAfter(response.headers.get('retry-after'));
  const wait = retryAfterMs === undefined ? '' : `, asking to retry after ${retryAfterMs / 1000}s`;
  return Promise.reject(
    new CartsSourceError('api-refused', `the carts API answered ${response.status} ${response.statusText} to GET ${url}${wait}`, retryHint(response.status), {
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    }),
  );
}

function failure(url: string, timeoutMs: number, error: unknown): Error {
  const e = error as Error & { cause?: { code?: string } };
  if (e.name === 'AbortError') return e;
  if (e.name === 'TimeoutError') {
    return new CartsSourceError('api-timeout', `the carts API did not answer GET ${url} within ${timeoutMs} ms`, 'it is retried; raise requestTimeoutMs if the API is just slow', { cause: error });
  }
  return new CartsSourceError('api-unreachable', `the carts API at ${new URL(url).origin} is unreachable (${e.cause?.code ?? e.message})`, 'it is retried; check MEDALLION_CARTS_API_URL and that the API is up', { cause: error });
}

function retryHint(status: number): string {
  if (status === 429 || status >= 500) return 'it is retried with backoff, honouring Retry-After';
  return 'it is retried; check MEDALLION_CARTS_API_URL (the carts endpoint, e.g. https://dummyjson.com/carts)';
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function retryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
