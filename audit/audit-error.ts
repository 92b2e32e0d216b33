import { MedallionError } from '../core/medallion-error.ts';

export const AUDIT_ERROR_CODES = [
  /** Kafka, the registry or the warehouse does not answer. */
  'service-unreachable',
  /** The pipeline kept moving past the settle timeout: records still in flight. */
  'not-settled',
  /** The Spark job itself failed (no report). */
  'job-failed',
] as const;
export type AuditErrorCode = (typeof AUDIT_ERROR_CODES)[number];

/** Why the audit could not run (exit 2): the service, what happened and the fix. */
export class AuditError extends MedallionError<AuditErrorCode> {
  readonly domain = 'audit';

  constructor(
    code: AuditErrorCode,
    readonly service: string,
    /** What happened, without the service and the fix. */
    readonly detail: string,
    fix: string,
  ) {
    super(code, `${service}: ${detail}`, fix);
  }
}
