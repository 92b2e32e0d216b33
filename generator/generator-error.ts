import { MedallionError } from '../core/medallion-error.ts';

export const GENERATOR_ERROR_CODES = ['out-not-empty', 'unsafe-out', 'out-not-directory', 'truth-mismatch'] as const;
export type GeneratorErrorCode = (typeof GENERATOR_ERROR_CODES)[number];

/** The sample data generator could not write its dataset: names the path or value, the rule and the fix. */
export class GeneratorError extends MedallionError<GeneratorErrorCode> {
  readonly domain = 'generator';
}
