import { MedallionError } from '../../core/medallion-error.ts';

export const BLOB_SOURCE_ERROR_CODES = ['bad-option', 'bad-connection-string', 'bad-checkpoint'] as const;
export type BlobSourceErrorCode = (typeof BLOB_SOURCE_ERROR_CODES)[number];

/** The blob source cannot start or go on as configured: names the setting or value and the fix. */
export class BlobSourceError extends MedallionError<BlobSourceErrorCode> {
  readonly domain = 'blob-source';
}
