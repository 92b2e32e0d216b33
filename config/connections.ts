import { stackEndpoints } from './stack-endpoints.ts';
import { stackHome } from './paths.ts';
import { resolvePorts } from './ports.ts';
import { ConfigError } from './config-error.ts';
import { shownUrl } from './shown-url.ts';

/**
 * Where the pipeline finds each external system. Every value defaults to the
 * local stack (config/stack-endpoints.ts); the MEDALLION_* variables point it at real
 * services instead (README: "Point it at real services").
 */
export interface Connections {
  readonly kafka: {
    readonly bootstrapServers: string;
    /**
     * Extra librdkafka settings (security.protocol, sasl.*, ssl.ca.location): the local stack's
     * own when it is secure and is the Kafka in use, each overridden by its MEDALLION_KAFKA_* variable.
     */
    readonly settings: Readonly<Record<string, string>>;
  };
  readonly registry: { readonly url: string; readonly basicAuth?: { readonly user: string; readonly password: string } };
  readonly connectUrl: string;
  /** The warehouse as its writer: rows only (sinks, validation, the stack's reset). */
  readonly warehouseUrl: string;
  /** The warehouse as the owner of its schemas and tables (migrations). */
  readonly warehouseOwnerUrl: string;
  /** The warehouse as the read-only BI role (dashboard, Power BI, pgAdmin). */
  readonly warehouseBiUrl: string;
  /** The warehouse as the audit role: writes schema audit only, reads silver (the Spark audit). */
  readonly warehouseAuditUrl: string;
  readonly mysqlUrl: string;
  readonly azure: { readonly connectionString: string; readonly container: string };
  readonly cartsApiUrl: string | undefined;
  /** Spark's master for the audit: local[2] (beside the stack on a small machine), yarn, k8s://…, spark://…. */
  readonly sparkMaster: string;
}

const KAFKA_SETTINGS = {
  MEDALLION_KAFKA_SECURITY_PROTOCOL: 'security.protocol',
  MEDALLION_KAFKA_SASL_MECHANISM: 'sasl.mechanisms',
  MEDALLION_KAFKA_SASL_USERNAME: 'sasl.username',
  MEDALLION_KAFKA_SASL_PASSWORD: 'sasl.password',
  MEDALLION_KAFKA_SSL_CA_LOCATION: 'ssl.ca.location',
} as const;

function url(env: NodeJS.ProcessEnv, key: string, fallback: string, protocols: readonly string[]): string {
  const value = env[key];
  if (value === undefined || value === '') return fallback;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(key, shownUrl(value), `a URL such as ${shownUrl(fallback)}`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(key, shownUrl(value), `a ${protocols.join(' or ')} URL such as ${shownUrl(fallback)}`);
  return value;
}

function postgresUrl(user: string, password: string, host: string, port: number, database: string): string {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${database}`;
}

const SPARK_MASTER = /^(local(\[(\d+|\*)(,\d+)?\])?|yarn|(spark|k8s|mesos):\/\/\S+)$/;

export function resolveConnections(env: NodeJS.ProcessEnv = process.env): Connections {
  const stack = stackEndpoints(resolvePorts(env), stackHome(env));
  const pg = stack.postgres;
  const bootstrap = env.MEDALLION_KAFKA_BOOTSTRAP_SERVERS;
  if (bootstrap !== undefined && !/^[^\s,:]+:\d+(,[^\s,:]+:\d+)*$/.test(bootstrap)) {
    throw new ConfigError('MEDALLION_KAFKA_BOOTSTRAP_SERVERS', bootstrap, 'a comma-separated list of host:port, e.g. broker1:9092,broker2:9092');
  }
  const settings = {
    // Brokers of one's own share nothing with the local stack's login.
    ...(bootstrap === undefined ? stack.kafka.settings : {}),
    ...Object.fromEntries(Object.entries(KAFKA_SETTINGS).flatMap(([key, setting]) => (env[key] ? [[setting, env[key]] as const] : []))),
  };
  const registryUser = env.MEDALLION_REGISTRY_USER;
  const sparkMaster = env.MEDALLION_SPARK_MASTER || 'local[2]';
  if (!SPARK_MASTER.test(sparkMaster)) throw new ConfigError('MEDALLION_SPARK_MASTER', sparkMaster, 'a Spark master: local[N], local[*], yarn, k8s://https://host:443 or spark://host:7077');
  return {
    kafka: { bootstrapServers: bootstrap ?? stack.kafka.bootstrapServers, settings },
    registry: {
      url: url(env, 'MEDALLION_REGISTRY_URL', stack.registry.ccompatUrl, ['http:', 'https:']),
      ...(registryUser ? { basicAuth: { user: registryUser, password: env.MEDALLION_REGISTRY_PASSWORD ?? '' } } : {}),
    },
    connectUrl: url(env, 'MEDALLION_CONNECT_URL', stack.connect.url, ['http:', 'https:']),
    warehouseUrl: url(env, 'MEDALLION_WAREHOUSE_URL', postgresUrl(pg.writer.user, pg.writer.password, pg.host, pg.port, pg.database), ['postgres:', 'postgresql:']),
    warehouseOwnerUrl: url(env, 'MEDALLION_WAREHOUSE_OWNER_URL', postgresUrl(pg.owner.user, pg.owner.password, pg.host, pg.port, pg.database), ['postgres:', 'postgresql:']),
    warehouseBiUrl: url(env, 'MEDALLION_WAREHOUSE_BI_URL', postgresUrl(pg.bi.user, pg.bi.password, pg.host, pg.port, pg.database), ['postgres:', 'postgresql:']),
    warehouseAuditUrl: url(env, 'MEDALLION_WAREHOUSE_AUDIT_URL', postgresUrl(pg.audit.user, pg.audit.password, pg.host, pg.port, pg.database), ['postgres:', 'postgresql:']),
    mysqlUrl: url(
      env,
      'MEDALLION_MYSQL_URL',
      `mysql://${stack.mariadb.root.user}:${stack.mariadb.root.password}@${stack.mariadb.host}:${stack.mariadb.port}/${stack.mariadb.database}`,
      ['mysql:', 'mariadb:'],
    ),
    azure: {
      connectionString: env.MEDALLION_AZURE_CONNECTION_STRING || stack.azurite.connectionString,
      container: env.MEDALLION_AZURE_CONTAINER || 'landing',
    },
    cartsApiUrl: env.MEDALLION_CARTS_API_URL ? url(env, 'MEDALLION_CARTS_API_URL', 'https://dummyjson.com/carts', ['http:', 'https:']) : undefined,
    sparkMaster,
  };
}
