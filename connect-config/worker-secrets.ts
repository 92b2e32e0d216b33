import type { StackEndpoints } from '../config/stack-endpoints.ts';

/**
 * The secrets connector configs name as `${env:NAME}` placeholders. The Connect worker
 * resolves them from its own environment (its EnvVarConfigProvider, allowed to read
 * MEDALLION_* only), so a password never travels through the REST API or sits in
 * Connect's config topic as a literal. A real deployment sets these in the worker's
 * environment; the local stack starts its worker with its own accounts.
 */
export const WORKER_SECRETS = {
  /** Debezium's MariaDB account (SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE/CLIENT). */
  mysqlCdcUser: 'MEDALLION_MYSQL_CDC_USER',
  mysqlCdcPassword: 'MEDALLION_MYSQL_CDC_PASSWORD',
  /** The warehouse's writer role, which the JDBC sink connects as. */
  warehouseUser: 'MEDALLION_WAREHOUSE_USER',
  warehousePassword: 'MEDALLION_WAREHOUSE_PASSWORD',
} as const;
export type WorkerSecret = (typeof WORKER_SECRETS)[keyof typeof WORKER_SECRETS];

/** The config provider alias, as in `${env:MEDALLION_MYSQL_CDC_PASSWORD}`. */
export const SECRET_PROVIDER = 'env';

/** The worker properties that let connector configs read the secrets above from the environment. */
export function secretProviderProperties(): Record<string, string> {
  return {
    'config.providers': SECRET_PROVIDER,
    [`config.providers.${SECRET_PROVIDER}.class`]: 'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
    // Connector configs may read the project's variables, not whatever else the worker's environment holds.
    [`config.providers.${SECRET_PROVIDER}.param.allowlist.pattern`]: '^MEDALLION_.*$',
  };
}

/** The local stack's values for each secret: the accounts config/stack-endpoints.ts creates. */
export function stackWorkerSecrets(endpoints: StackEndpoints): Record<WorkerSecret, string> {
  return {
    [WORKER_SECRETS.mysqlCdcUser]: endpoints.mariadb.cdc.user,
    [WORKER_SECRETS.mysqlCdcPassword]: endpoints.mariadb.cdc.password,
    [WORKER_SECRETS.warehouseUser]: endpoints.postgres.writer.user,
    [WORKER_SECRETS.warehousePassword]: endpoints.postgres.writer.password,
  };
}
