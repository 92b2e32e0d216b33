import { MedallionError } from '../core/medallion-error.ts';

export const CONNECTOR_ERROR_CODES = [
  'bad-file',
  'unknown-placeholder',
  'literal-secret',
  'invalid-config',
  'unknown-connector',
  'connect-unreachable',
  'connect-refused',
  'connector-failed',
  'timeout',
] as const;
export type ConnectorErrorCode = (typeof CONNECTOR_ERROR_CODES)[number];

/** One key of one connector config that cannot be applied, and why. */
export interface ConfigProblem {
  readonly connector: string;
  readonly key: string;
  /** The value as written (secrets masked), or null when the key is missing. */
  readonly value: string | null;
  readonly message: string;
}

/**
 * Everything that goes wrong managing connectors: a config file, a placeholder, a
 * config Connect refuses (every problem with its key), the worker, or a connector
 * that failed. `connector`, `key` and `value` say where, when there is one place.
 */
export class ConnectorError extends MedallionError<ConnectorErrorCode> {
  readonly domain = 'connectors';

  constructor(
    code: ConnectorErrorCode,
    message: string,
    fix: string,
    readonly where: { readonly connector?: string; readonly key?: string; readonly value?: string | null; readonly problems?: readonly ConfigProblem[] } = {},
    options?: ErrorOptions,
  ) {
    super(code, message, fix, options);
  }
}
