import { MedallionError } from '../../core/medallion-error.ts';

export const FILE_SOURCE_ERROR_CODES = ['landing-missing', 'landing-not-a-folder', 'bad-option', 'bad-checkpoint'] as const;
export type FileSourceErrorCode = (typeof FILE_SOURCE_ERROR_CODES)[number];

/** The file-source sidecar cannot start or go on as configured: names the path or value and the fix. */
export class FileSourceError extends MedallionError<FileSourceErrorCode> {
  readonly domain = 'file-source';
}
