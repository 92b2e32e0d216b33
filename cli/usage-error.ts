import { MedallionError } from '../core/medallion-error.ts';

export const USAGE_ERROR_CODES = ['unknown-command', 'bad-option', 'missing-option'] as const;
export type UsageErrorCode = (typeof USAGE_ERROR_CODES)[number];

/** A command line that cannot be run as written: names the argument, the value and what is valid. */
export class UsageError extends MedallionError<UsageErrorCode> {
  readonly domain = 'cli';
}
