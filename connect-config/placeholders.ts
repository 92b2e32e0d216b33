import type { Connections } from '../config/connections.ts';
import { shownUrl } from '../config/shown-url.ts';
import { ConfigError } from '../config/config-error.ts';
import { ConnectorError } from './connector-error.ts';

/**
 * The `{{name}}` placeholders connector files may use for where the systems are:
 * resolved here, from the same MEDALLION_* settings as the rest of the pipeline
 * (config/connections.ts), before a config is validated or applied. Secrets are not
 * among them: those stay `${env:…}` for the worker to resolve (./worker-secrets.ts).
 */
export const PLACEHOLDERS = ['kafka.bootstrap-servers', 'registry.apicurio-url', 'mysql.host', 'mysql.port', 'mysql.database', 'warehouse.jdbc-url'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Readonly<Record<Placeholder, string>>;

const PLACEHOLDER = /\{\{\s*([^}\s]*)\s*\}\}/g;
const CCOMPAT_PATH = /\/apis\/ccompat\/v\d+\/?$/;

export function placeholderValues(connections: Connections): PlaceholderValues {
  const mysql = new URL(connections.mysqlUrl);
  const database = decodeURIComponent(mysql.pathname.replace(/^\//, ''));
  if (database === '') throw new ConfigError('MEDALLION_MYSQL_URL', shownUrl(connections.mysqlUrl), 'a URL that names the operational database, e.g. mysql://user:password@host:3306/operational');
  const warehouse = new URL(connections.warehouseUrl);
  return {
    'kafka.bootstrap-servers': connections.kafka.bootstrapServers,
    'registry.apicurio-url': apicurioUrl(connections.registry.url),
    'mysql.host': mysql.hostname,
    'mysql.port': mysql.port === '' ? '3306' : mysql.port,
    'mysql.database': database,
    'warehouse.jdbc-url': `jdbc:postgresql://${warehouse.hostname}:${warehouse.port === '' ? '5432' : warehouse.port}${warehouse.pathname}`,
  };
}

/**
 * The Apicurio converter inside Connect speaks the registry's native v2 API; the
 * TypeScript side is given its Confluent-compatible one. Both live on one Apicurio server.
 */
function apicurioUrl(ccompatUrl: string): string {
  if (!CCOMPAT_PATH.test(ccompatUrl)) {
    throw new ConfigError('MEDALLION_REGISTRY_URL', ccompatUrl, "an Apicurio registry's Confluent-compatible API, ending in /apis/ccompat/v7 (Connect's Apicurio converter reaches the same server at /apis/registry/v2)");
  }
  return ccompatUrl.replace(CCOMPAT_PATH, '/apis/registry/v2');
}

/** `text` with every `{{name}}` replaced; an unknown name fails, naming the file, key and the names there are. */
export function resolvePlaceholders(text: string, values: PlaceholderValues, where: { readonly file: string; readonly connector: string; readonly key: string }): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => {
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
      throw new ConnectorError(
        'unknown-placeholder',
        `${where.file}: ${where.key} uses the placeholder {{${name}}}, which is not one of ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
        'use one of those, or write the value itself (secrets as ${env:MEDALLION_…}, resolved by the Connect worker)',
        { connector: where.connector, key: where.key, value: text },
      );
    }
    return values[name as Placeholder];
  });
}
