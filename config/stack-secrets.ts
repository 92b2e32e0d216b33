import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StackError } from '../stack/stack-error.ts';

const POSTGRES_LOGINS = ['admin', 'owner', 'writer', 'bi', 'audit'] as const;
const MARIADB_LOGINS = ['root', 'cdc'] as const;

/** The local stack's passwords, one per login of its PostgreSQL and MariaDB, and its Kafka's SCRAM login when it is secure. */
export interface StackSecrets {
  readonly postgres: Readonly<Record<(typeof POSTGRES_LOGINS)[number], string>>;
  readonly mariadb: Readonly<Record<(typeof MARIADB_LOGINS)[number], string>>;
  /** Present only in a home made with `stack up --secure`: its broker then takes SASL_SSL only (stack/kafka-tls.ts). */
  readonly kafka?: { readonly user: string; readonly password: string };
}

/** The SCRAM user every client of a secure stack logs in as (the broker too, between its own listeners). */
export const KAFKA_SCRAM_USER = 'medallion';

/** Which of the stack's databases already hold their logins (their data was set up). */
export type InitialisedDatabases = Readonly<Record<'postgres' | 'mariadb', boolean>>;

/**
 * The fixed passwords of a stack set up before they were generated (equal to the
 * user names, so a scan for them cannot tell a leak from a name). Such a home
 * keeps them, recorded in its secrets file: rotating them at `stack up` would
 * also have to reach everything that holds them already (a running Connect
 * worker's environment, Airflow's connections, pipelines running in other
 * shells), while keeping them is correct by construction. A home gets generated
 * ones once its data folder is deleted (stack down, then up again).
 */
const LEGACY: StackSecrets = {
  postgres: { admin: 'medallion', owner: 'warehouse_owner', writer: 'warehouse_writer', bi: 'warehouse_bi', audit: 'warehouse_audit' },
  mariadb: { root: 'medallion', cdc: 'debezium' },
};

/** 24 crypto-random bytes as base64url (32 characters): a password or a signing secret. */
export function randomSecret(): string {
  return randomBytes(24).toString('base64url');
}

export function secretsFile(home: string): string {
  return path.join(home, 'secrets.json');
}

function generated<const L extends readonly string[]>(logins: L): Record<L[number], string> {
  return Object.fromEntries(logins.map((login) => [login, randomSecret()])) as Record<L[number], string>;
}

/**
 * Writes the home's secrets file unless it has one: generated passwords, but the
 * legacy ones for a database set up before (see LEGACY). Created whole or not at
 * all (a hard link of a finished file), so two processes setting up the same home
 * at once agree on one file.
 */
export function ensureStackSecrets(home: string, initialised: InitialisedDatabases): void {
  const file = secretsFile(home);
  if (existsSync(file)) return;
  const secrets: StackSecrets = {
    postgres: initialised.postgres ? LEGACY.postgres : generated(POSTGRES_LOGINS),
    mariadb: initialised.mariadb ? LEGACY.mariadb : generated(MARIADB_LOGINS),
  };
  const draft = writeDraft(file, secrets);
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}

function writeDraft(file: string, secrets: StackSecrets): string {
  const draft = `${file}.${process.pid}.draft`;
  writeFileSync(draft, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return draft;
}

/**
 * Gives the home a generated Kafka SCRAM login unless it has one (`stack up --secure`):
 * from then on the home's broker, its Connect worker and registry, and every client
 * that reads the home, go through SASL_SSL. Replaced whole (a rename), never half-written.
 */
export function ensureKafkaSecret(home: string): void {
  const secrets = stackSecrets(home);
  if (secrets.kafka !== undefined) return;
  renameSync(writeDraft(secretsFile(home), { ...secrets, kafka: { user: KAFKA_SCRAM_USER, password: randomSecret() } }), secretsFile(home));
}

/**
 * The home's passwords, from its secrets file. A home without one has not been set
 * up since passwords were generated (`stack up` writes it first): its databases,
 * if any, hold the legacy passwords.
 */
export function stackSecrets(home: string): StackSecrets {
  const file = secretsFile(home);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return LEGACY;
    throw error;
  }
  const fix = `restore ${file}, or stop the stack and delete it together with ${path.join(home, 'data')} to start over with new passwords`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StackError('bad-config', 'secrets', `${file} is not JSON`, fix);
  }
  for (const [database, logins] of [['postgres', POSTGRES_LOGINS], ['mariadb', MARIADB_LOGINS]] as const) {
    const passwords = (parsed as Record<string, Record<string, unknown> | undefined>)[database];
    const missing = logins.filter((login) => typeof passwords?.[login] !== 'string' || passwords[login] === '');
    if (missing.length > 0) throw new StackError('bad-config', 'secrets', `${file} has no ${database} password for ${missing.join(', ')}`, fix);
  }
  const kafka = (parsed as { kafka?: { user?: unknown; password?: unknown } }).kafka;
  if (kafka !== undefined && (typeof kafka.user !== 'string' || typeof kafka.password !== 'string' || kafka.password === '')) {
    throw new StackError('bad-config', 'secrets', `${file} has a kafka entry without a user and password`, fix);
  }
  return parsed as StackSecrets;
}
