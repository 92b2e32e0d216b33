import { StackError } from '../stack/stack-error.ts';

/**
 * Default loopback ports, chosen away from each service's usual port so the stack
 * can run beside a Kafka, PostgreSQL or MySQL the machine may already have.
 * Each is overridable with MEDALLION_<NAME>_PORT.
 */
export const DEFAULT_PORTS = {
  kafka: 29092,
  kafkaController: 29093,
  registry: 28081,
  connect: 28083,
  postgres: 25432,
  mariadb: 23306,
  azurite: 20000,
  // Not a stack service: `medallion airflow up` serves Airflow's UI and API here.
  airflow: 28088,
} as const;

export type PortName = keyof typeof DEFAULT_PORTS;
export type Ports = Readonly<Record<PortName, number>>;

function envName(name: PortName): string {
  return `MEDALLION_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_PORT`;
}

/** The ports in force: defaults overridden from the environment, each validated. */
export function resolvePorts(env: NodeJS.ProcessEnv = process.env): Ports {
  const entries = (Object.keys(DEFAULT_PORTS) as PortName[]).map((name) => {
    const key = envName(name);
    const raw = env[key];
    if (raw === undefined || raw === '') return [name, DEFAULT_PORTS[name]] as const;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1024 || port > 65535) {
      throw new StackError('bad-config', name, `${key}=${JSON.stringify(raw)} is not a port from 1024 to 65535`, `set ${key} to a free port from 1024 to 65535, or unset it for ${DEFAULT_PORTS[name]}`);
    }
    return [name, port] as const;
  });
  return Object.fromEntries(entries) as Ports;
}

export const LOOPBACK = '127.0.0.1';
