import { MedallionError } from '../core/medallion-error.ts';

export const PIPELINE_ERROR_CODES = ['reset-failed', 'already-running', 'stop-timeout', 'dataset-missing', 'dataset-not-a-folder', 'dataset-empty', 'dataset-unknown', 'dataset-ambiguous', 'dataset-overlap'] as const;
export type PipelineErrorCode = (typeof PIPELINE_ERROR_CODES)[number];

/** A pipeline run that cannot start cleanly or finish: what was found, and what to do. */
export class PipelineError extends MedallionError<PipelineErrorCode> {
  readonly domain = 'pipeline';
}
