import { MedallionError } from '../core/medallion-error.ts';

export const TRACE_ERROR_CODES = [
  /** The gold table is not one trace knows. */
  'unknown-table',
  /** The key is not shaped like the table's keys. */
  'bad-key',
  /** Nothing of the key in the warehouse nor in the topics. */
  'unknown-key',
  /** An aggregate is traced through the warehouse, which did not answer. */
  'no-warehouse',
] as const;
export type TraceErrorCode = (typeof TRACE_ERROR_CODES)[number];

/** A trace that cannot be answered: names the table or key, what exists, and what to ask instead. */
export class TraceError extends MedallionError<TraceErrorCode> {
  readonly domain = 'trace';
}
