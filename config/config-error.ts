import { MedallionError } from '../core/medallion-error.ts';

export const CONFIG_ERROR_CODES = ['bad-value'] as const;
export type ConfigErrorCode = (typeof CONFIG_ERROR_CODES)[number];

/** Bad configuration, raised at start: names the key, the bad value and the valid ones. */
export class ConfigError extends MedallionError<ConfigErrorCode> {
  readonly domain = 'config';

  constructor(
    readonly key: string,
    readonly value: string,
    valid: string,
  ) {
    super('bad-value', `${key}=${JSON.stringify(value)} is not valid: ${valid}`, `set ${key} to ${valid}, or unset it to use the local stack`);
  }
}
