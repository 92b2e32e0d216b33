import { kafkaTlsFiles, stackHome } from './paths.ts';
import { LOOPBACK, resolvePorts, type Ports } from './ports.ts';
import { stackSecrets } from './stack-secrets.ts';

/**
 * How clients reach each service of the local stack at `home`. The passwords are
 * the stack's own, generated when its home was set up (./stack-secrets.ts); real
 * deployments pass theirs through the environment (see the README).
 */
export interface StackEndpoints {
  readonly kafka: {
    readonly bootstrapServers: string;
    /**
     * How clients get in, in librdkafka's names: empty for the plain stack; SASL_SSL with
     * SCRAM-SHA-512, the home's login and CA for a secure one (`stack up --secure`).
     */
    readonly settings: Readonly<Record<string, string>>;
  };
  readonly registry: {
    /** Confluent-compatible API, for @confluentinc/schemaregistry and other Confluent clients. */
    readonly ccompatUrl: string;
    /** Apicurio's native v2 API, which the Apicurio converter inside Connect speaks (Apicurio 3 serves it beside v3). */
    readonly apicurioUrl: string;
  };
  readonly connect: { readonly url: string };
  readonly postgres: {
    readonly host: string;
    readonly port: number;
    readonly database: string;
    readonly admin: Credentials;
    /** Owns the warehouse's schemas and tables: runs the migrations (warehouse/migrations/0011_owner_role.sql). */
    readonly owner: Credentials;
    /** Writes the warehouse's rows (the JDBC sink and the TypeScript sink); owns no table, so it can drop or alter none. */
    readonly writer: Credentials;
    /** Reads schema gold and nothing else (dashboard, Power BI, pgAdmin). */
    readonly bi: Credentials;
    /** The Spark audit's login: writes schema audit only, reads silver's counts (warehouse/migrations/0008_audit_schema.sql). */
    readonly audit: Credentials;
  };
  readonly mariadb: {
    readonly host: string;
    readonly port: number;
    readonly database: string;
    readonly root: Credentials;
    /** Debezium's user: SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE/CLIENT. */
    readonly cdc: Credentials;
  };
  readonly azurite: {
    readonly blobUrl: string;
    readonly accountName: string;
    readonly accountKey: string;
    readonly connectionString: string;
  };
}

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

/** A secure stack's only client listener and its mechanism. */
export const KAFKA_SECURE_PROTOCOL = 'SASL_SSL';
export const KAFKA_SCRAM_MECHANISM = 'SCRAM-SHA-512';

// Azurite's documented development account (public, for the emulator only).
const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function stackEndpoints(ports: Ports = resolvePorts(), home: string = stackHome()): StackEndpoints {
  const secrets = stackSecrets(home);
  const blobUrl = `http://${LOOPBACK}:${ports.azurite}/${AZURITE_ACCOUNT}`;
  return {
    kafka: {
      bootstrapServers: `${LOOPBACK}:${ports.kafka}`,
      settings:
        secrets.kafka === undefined
          ? {}
          : {
              'security.protocol': KAFKA_SECURE_PROTOCOL,
              'sasl.mechanisms': KAFKA_SCRAM_MECHANISM,
              'sasl.username': secrets.kafka.user,
              'sasl.password': secrets.kafka.password,
              'ssl.ca.location': kafkaTlsFiles(home).ca,
            },
    },
    registry: {
      ccompatUrl: `http://${LOOPBACK}:${ports.registry}/apis/ccompat/v7`,
      apicurioUrl: `http://${LOOPBACK}:${ports.registry}/apis/registry/v2`,
    },
    connect: { url: `http://${LOOPBACK}:${ports.connect}` },
    postgres: {
      host: LOOPBACK,
      port: ports.postgres,
      database: 'warehouse',
      admin: { user: 'medallion', password: secrets.postgres.admin },
      owner: { user: 'warehouse_owner', password: secrets.postgres.owner },
      writer: { user: 'warehouse_writer', password: secrets.postgres.writer },
      bi: { user: 'warehouse_bi', password: secrets.postgres.bi },
      audit: { user: 'warehouse_audit', password: secrets.postgres.audit },
    },
    mariadb: {
      host: LOOPBACK,
      port: ports.mariadb,
      database: 'operational',
      root: { user: 'root', password: secrets.mariadb.root },
      cdc: { user: 'debezium', password: secrets.mariadb.cdc },
    },
    azurite: {
      blobUrl,
      accountName: AZURITE_ACCOUNT,
      accountKey: AZURITE_KEY,
      connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${blobUrl};`,
    },
  };
}
