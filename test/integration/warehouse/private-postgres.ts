import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { resolveConnections } from '../../../config/connections.ts';
import { stackContext, stackDown, stackUp } from '../../../stack/stack.ts';
import { freePort } from '../../../stack/wait.ts';
import type { ScratchWarehouse, WarehouseRole } from '../../../stack/scratch-warehouse.ts';

/**
 * A warehouse on a PostgreSQL of the test's own (the stack's service, as embedded
 * mode runs it: its own folder and a free port), so that a test can stop and
 * start the server without taking the shared stack's warehouse from anyone else.
 */
export interface PrivateWarehouse extends ScratchWarehouse {
  /** Stops the server (a fast shutdown: every session is ended with 57P01, as on a restart). */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function privateWarehouse(): Promise<PrivateWarehouse> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'medallion-postgres-'));
  // The server may run as another account (postgres, when the tests run as root): it must reach its folder.
  chmodSync(home, 0o755);
  const port = String(await freePort());
  const ctx = stackContext(() => {}, { ...process.env, MEDALLION_HOME: home, MEDALLION_POSTGRES_PORT: port });
  await stackUp(ctx, ['postgres']);
  const connections = resolveConnections({ MEDALLION_HOME: home, MEDALLION_POSTGRES_PORT: port });
  const urls: Partial<Record<WarehouseRole, string>> = { owner: connections.warehouseOwnerUrl, writer: connections.warehouseUrl, bi: connections.warehouseBiUrl, audit: connections.warehouseAuditUrl };
  const url = (role: WarehouseRole): string => {
    const found = urls[role];
    if (found === undefined) throw new Error(`the private warehouse has no ${role} URL; use owner, writer, bi or audit`);
    return found;
  };
  const clients: pg.Client[] = [];
  return {
    database: new URL(connections.warehouseUrl).pathname.slice(1),
    url,
    async connect(role) {
      const client = new pg.Client({ connectionString: url(role) });
      // A client whose server stopped under it emits 'error'; the test reconnects rather than crash.
      client.on('error', () => {});
      await client.connect();
      clients.push(client);
      return client;
    },
    stop: () => stackDown(ctx, ['postgres']),
    start: () => stackUp(ctx, ['postgres']),
    async drop() {
      await Promise.allSettled(clients.map((c) => c.end()));
      await stackDown(ctx, ['postgres']);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
