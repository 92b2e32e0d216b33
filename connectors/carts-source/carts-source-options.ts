import { createHash } from 'node:crypto';
import type { BackoffPolicy } from '../../core/backoff.ts';
import { positiveOption } from '../contract/option-checks.ts';
import type { PollingSourceOptions } from '../contract/poll-loop.ts';
import { CartsSourceError } from './carts-source-error.ts';
import type { CartsSourceEvent } from './carts-source-events.ts';

export interface CartsSourceOptions extends PollingSourceOptions<CartsSourceEvent> {
  /** The carts endpoint: https://dummyjson.com/carts, or the local carts API's URL (config/connections.ts: MEDALLION_CARTS_API_URL). */
  readonly url: string;
  /** Carts per page (`limit`). */
  readonly pageSize?: number;
}

export const CARTS_SOURCE_DEFAULTS = { pageSize: 30, pollMs: 5000, requestTimeoutMs: 10_000, partitions: 3, backoff: { baseMs: 500, maxMs: 30_000 } } as const;

export interface ResolvedCartsOptions {
  readonly url: URL;
  readonly pageSize: number;
  readonly pollMs: number;
  readonly requestTimeoutMs: number;
  readonly backoff: BackoffPolicy;
  readonly sourceName: string;
  readonly partitions: number;
}

const refuse = (message: string, fix: string): CartsSourceError => new CartsSourceError('bad-option', message, fix);

export function resolveCartsOptions(options: CartsSourceOptions): ResolvedCartsOptions {
  const d = CARTS_SOURCE_DEFAULTS;
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new CartsSourceError('bad-url', `the carts API URL "${options.url}" is not a URL`, 'pass the carts endpoint, e.g. https://dummyjson.com/carts (MEDALLION_CARTS_API_URL)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CartsSourceError('bad-url', `the carts API URL "${options.url}" is not http or https`, 'pass the carts endpoint, e.g. https://dummyjson.com/carts (MEDALLION_CARTS_API_URL)');
  }
  if (url.searchParams.has('limit') || url.searchParams.has('skip')) {
    throw new CartsSourceError('bad-url', `the carts API URL "${options.url}" already has limit or skip`, 'pass the endpoint without them: the source pages with limit and skip itself (pageSize sets limit)');
  }
  return {
    url,
    pageSize: positiveOption('pageSize', options.pageSize ?? d.pageSize, d.pageSize, refuse),
    pollMs: positiveOption('pollMs', options.pollMs ?? d.pollMs, d.pollMs, refuse),
    requestTimeoutMs: positiveOption('requestTimeoutMs', options.requestTimeoutMs ?? d.requestTimeoutMs, d.requestTimeoutMs, refuse),
    backoff: options.backoff ?? d.backoff,
    sourceName: options.sourceName ?? `api-${createHash('sha256').update(url.href).digest('hex').slice(0, 12)}`,
    partitions: positiveOption('partitions', options.partitions ?? d.partitions, d.partitions, refuse),
  };
}

/** The request URL of the page at `skip`. */
export function pageUrl(base: URL, limit: number, skip: number): string {
  const url = new URL(base);
  url.searchParams.set('limit', String(limit));
  url.searchParams.set('skip', String(skip));
  return url.href;
}
