import { ConnectorError } from './connector-error.ts';
import { SECRET_PROVIDER } from './worker-secrets.ts';

// Config keys whose values are secrets, in any connector or client setting.
const SECRET_KEY = /password|secret|token|credential|sasl\.jaas\.config/i;
// A whole value that is one config-provider reference, e.g. ${env:MEDALLION_MYSQL_CDC_PASSWORD}.
const PROVIDER_REFERENCE = /^\$\{([A-Za-z0-9_-]+):([^}]*)\}$/;
const MASK = '********';

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A value as it may be shown: a secret key's literal value masked, references shown as written. */
export function shownValue(key: string, value: string): string {
  return isSecretKey(key) && !PROVIDER_REFERENCE.test(value) && value !== '' ? MASK : value;
}

/**
 * Fails unless every secret key's value is a `${env:MEDALLION_…}` reference the worker
 * resolves, so no password is ever written into a file, sent to Connect, or stored in
 * its config topic as text.
 */
export function assertSecretsReferenced(file: string, connector: string, config: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(config)) {
    if (!isSecretKey(key) || value === '') continue;
    const reference = PROVIDER_REFERENCE.exec(value);
    const provider = reference?.[1];
    const variable = reference?.[2] ?? '';
    if (provider === SECRET_PROVIDER && /^MEDALLION_[A-Z0-9_]+$/.test(variable)) continue;
    throw new ConnectorError(
      'literal-secret',
      `${file}: ${key} must name its secret as \${${SECRET_PROVIDER}:MEDALLION_…}, not ${reference === null ? 'a literal value' : JSON.stringify(value)}`,
      `write "${key}": "\${${SECRET_PROVIDER}:MEDALLION_<NAME>}" and set MEDALLION_<NAME> in the Connect worker's environment (its config provider reads MEDALLION_* variables only)`,
      { connector, key, value: shownValue(key, value) },
    );
  }
}
