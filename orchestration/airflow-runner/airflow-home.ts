import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { randomSecret } from '../../config/stack-secrets.ts';

/** The DAG folder `medallion airflow up` serves, and a user's own Airflow reads. */
export const DAGS_DIR = path.join(PROJECT_ROOT, 'orchestration', 'airflow', 'dags');

/** The UI's login (Airflow's simple auth manager: one admin user). */
export const AIRFLOW_USER = 'admin';

/** What the Airflow components must share: the admin's password and the secrets that sign their tokens and sessions. */
export interface AirflowSecrets {
  readonly password: string;
  readonly jwtSecret: string;
  readonly apiSecretKey: string;
}

/** Airflow's home under the stack's: <MEDALLION_HOME>/airflow (logs, the simple auth manager's passwords file). */
export function airflowHome(home: string): string {
  return path.join(home, 'airflow');
}

export function passwordsFile(home: string): string {
  return path.join(airflowHome(home), 'simple-auth-manager-passwords.json');
}

function secretsFile(home: string): string {
  return path.join(airflowHome(home), 'medallion-secrets.json');
}

/**
 * The secrets, made once and kept (mode 0600) so a restart keeps the login and the
 * components started apart (scheduler, API server) trust each other's tokens.
 */
export function airflowSecrets(home: string): AirflowSecrets {
  const file = secretsFile(home);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as AirflowSecrets;
  mkdirSync(airflowHome(home), { recursive: true });
  const secrets: AirflowSecrets = { password: randomSecret(), jwtSecret: randomSecret(), apiSecretKey: randomSecret() };
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  writeFileSync(passwordsFile(home), `${JSON.stringify({ [AIRFLOW_USER]: secrets.password })}\n`, { mode: 0o600 });
  return secrets;
}
