import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';
import { stackContext, stackDown, stackUp } from '../../../stack/stack.ts';
import { freePort } from '../../../stack/wait.ts';

/** A real Azurite of the test's own (the stack's service, on a free port with a temporary home), which a test can stop and start again. */
export interface AzuriteServer {
  readonly connectionString: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and deletes its data. */
  remove(): Promise<void>;
}

export async function azuriteServer(): Promise<AzuriteServer> {
  const home = mkdtempSync(join(tmpdir(), 'azurite-'));
  const ctx = stackContext(() => {}, { ...process.env, MEDALLION_HOME: home, MEDALLION_AZURITE_PORT: String(await freePort()) });
  const server: AzuriteServer = {
    connectionString: stackEndpoints(ctx.ports, ctx.dirs.home).azurite.connectionString,
    start: () => stackUp(ctx, ['azurite']),
    stop: () => stackDown(ctx, ['azurite']),
    remove: async () => {
      await stackDown(ctx, ['azurite']);
      rmSync(home, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
