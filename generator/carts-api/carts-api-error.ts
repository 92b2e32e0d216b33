import { MedallionError } from '../../core/medallion-error.ts';

export const CARTS_API_ERROR_CODES = ['carts-file-missing', 'bad-carts-file', 'bad-cart', 'bad-fault'] as const;
export type CartsApiErrorCode = (typeof CARTS_API_ERROR_CODES)[number];

/** The local carts API cannot serve what it was given: names the file, cart or fault and the fix. */
export class CartsApiError extends MedallionError<CartsApiErrorCode> {
  readonly domain = 'carts-api';
}
