import { MedallionError } from '../../core/medallion-error.ts';

export const CARTS_SOURCE_ERROR_CODES = ['bad-option', 'bad-url', 'bad-checkpoint', 'api-refused', 'api-unreachable', 'api-timeout', 'repeated-page'] as const;
export type CartsSourceErrorCode = (typeof CARTS_SOURCE_ERROR_CODES)[number];

/**
 * The carts source cannot start as configured, or a poll of the API failed (it
 * is retried): names the URL or value, what went wrong and the fix.
 */
export class CartsSourceError extends MedallionError<CartsSourceErrorCode> {
  readonly domain = 'carts-source';
  /** How long the API asked to wait (Retry-After), when it did. */
  readonly retryAfterMs: number | undefined;

  constructor(code: CartsSourceErrorCode, message: string, fix: string, options?: ErrorOptions & { readonly retryAfterMs?: number }) {
    super(code, message, fix, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}
