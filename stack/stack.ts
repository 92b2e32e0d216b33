import { mkdirSync } from 'node:fs';
import { stackDirs, stackHome } from '../config/paths.ts';
import { resolvePorts } from '../config/ports.ts';
import { ensureKafkaSecret, ensureStackSecrets } from '../config/stack-secrets.ts';
import type { Health, Service, ServiceName, StackContext, StackEvent } from './service.ts';
import { SERVICES } from './services/index.ts';
import { assertSecurable } from './services/kafka.ts';
import { mariadbInitialised } from './services/mariadb.ts';
import { postgresInitialised } from './services/postgres.ts';
import { StackError } from './stack-error.ts';
import { portOpen } from './wait.ts';

export function stackContext(report: (event: StackEvent) => void = () => {}, env: NodeJS.ProcessEnv = process.env): StackContext {
  const dirs = stackDirs(stackHome(env));
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  // Before any service is set up, so a new home's databases are made with generated passwords.
  ensureStackSecrets(dirs.home, { postgres: postgresInitialised({ dirs }), mariadb: mariadbInitialised({ dirs }) });
  return { dirs, ports: resolvePorts(env), report };
}

/**
 * Makes the home a secure stack's (`stack up --secure`): a generated SCRAM login in its
 * secrets file, from which its broker takes SASL_SSL only and every client of the home
 * logs in. Once secure, a home stays so; a home whose broker was set up plain is refused.
 */
export function secureHome(ctx: StackContext): void {
  assertSecurable(ctx);
  ensureKafkaSecret(ctx.dirs.home);
}

/** The named services and everything they depend on, in start order. */
export function selectServices(names: readonly ServiceName[] = []): Service[] {
  if (names.length === 0) return [...SERVICES];
  const wanted = new Set<ServiceName>();
  const add = (name: ServiceName): void => {
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const dep of serviceNamed(name).dependsOn) add(dep);
  };
  names.forEach(add);
  return SERVICES.filter((s) => wanted.has(s.name));
}

function serviceNamed(name: ServiceName): Service {
  const service = SERVICES.find((s) => s.name === name);
  if (service === undefined) throw new Error(`no service named ${name}`);
  return service;
}

async function assertPortsFree(ctx: StackContext, service: Service): Promise<void> {
  for (const port of service.ports(ctx)) {
    if (await portOpen(port)) {
      throw new StackError(
        'port-taken',
        service.name,
        `port ${port} on 127.0.0.1 is already in use by another process`,
        `stop what listens there (ss -ltnp 'sport = :${port}'), or give ${service.name} another port with MEDALLION_*_PORT (see config/ports.ts)`,
      );
    }
  }
}

/**
 * Starts the services (all by default) in dependency order. A service already
 * healthy is left alone, so `up` is idempotent. If any service fails, every
 * service this call started is stopped again before the error is thrown.
 */
export async function stackUp(ctx: StackContext, names: readonly ServiceName[] = []): Promise<void> {
  const started: Service[] = [];
  try {
    for (const service of selectServices(names)) {
      const begun = Date.now();
      if ((await service.health(ctx)).healthy) {
        await service.ensure?.(ctx);
        ctx.report({ kind: 'ready', service: service.name, address: service.address(ctx), seconds: 0 });
        continue;
      }
      await service.stop(ctx); // A crashed or half-started previous run: clear it first.
      await assertPortsFree(ctx, service);
      await service.prepare(ctx);
      started.push(service);
      await service.start(ctx);
      await service.ensure?.(ctx);
      ctx.report({ kind: 'ready', service: service.name, address: service.address(ctx), seconds: (Date.now() - begun) / 1000 });
    }
  } catch (error) {
    for (const service of started.reverse()) await service.stop(ctx).catch(() => {});
    throw error;
  }
}

/** Stops the services (all by default) in reverse dependency order. */
export async function stackDown(ctx: StackContext, names: readonly ServiceName[] = []): Promise<void> {
  const services = names.length === 0 ? [...SERVICES] : names.map(serviceNamed);
  for (const service of services.reverse()) {
    await service.stop(ctx);
    ctx.report({ kind: 'stopped', service: service.name });
  }
}

export interface ServiceStatus {
  readonly service: ServiceName;
  readonly address: string;
  readonly health: Health;
}

export async function stackStatus(ctx: StackContext): Promise<ServiceStatus[]> {
  return Promise.all(
    SERVICES.map(async (service) => ({
      service: service.name,
      address: service.address(ctx),
      health: await service.health(ctx).catch((error: unknown) => ({ healthy: false, detail: String(error) })),
    })),
  );
}
