import { MedallionError } from '../core/medallion-error.ts';

export const STACK_ERROR_CODES = [
  'port-taken',
  'missing-tool',
  'download-failed',
  'start-failed',
  'unhealthy',
  'bad-config',
] as const;
export type StackErrorCode = (typeof STACK_ERROR_CODES)[number];

/** A local-stack failure: always names the service, the cause and the fix. */
export class StackError extends MedallionError<StackErrorCode> {
  readonly domain = 'stack';

  constructor(
    code: StackErrorCode,
    readonly service: string,
    cause: string,
    fix: string,
    options?: ErrorOptions,
  ) {
    super(code, `${service}: ${cause}`, fix, options);
  }
}
