import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { awaitDaemon } from '../await-daemon.ts';
import { stackEndpoints } from '../../config/stack-endpoints.ts';
import { LOOPBACK } from '../../config/ports.ts';
import { spawnDaemon, stopDaemon } from '../process-supervisor.ts';
import type { Health, Service, StackContext } from '../service.ts';
import { StackError } from '../stack-error.ts';

const START_TIMEOUT_MS = 30_000;
const PROBE_TIMEOUT_MS = 3000;

/** The blob-only entry point of the azurite npm package (its `azurite-blob` bin). */
function azuriteBlobMain(): string {
  const require = createRequire(import.meta.url);
  try {
    const manifest = require.resolve('azurite/package.json');
    const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: Record<string, string> };
    const main = bin?.['azurite-blob'];
    if (main !== undefined) return path.resolve(path.dirname(manifest), main);
  } catch {
    // Reported below with the fix.
  }
  throw new StackError('missing-tool', 'azurite', 'the azurite npm package (and its azurite-blob entry point) is not installed', 'run npm install');
}

function dataDir(ctx: StackContext): string {
  return path.join(ctx.dirs.data, 'azurite');
}

/** A real request to the blob service: its properties, with one short try and no retries. */
async function azuriteHealth(ctx: StackContext): Promise<Health> {
  const { connectionString, blobUrl } = stackEndpoints(ctx.ports, ctx.dirs.home).azurite;
  const client = BlobServiceClient.fromConnectionString(connectionString, { retryOptions: { maxTries: 1, tryTimeoutInMs: PROBE_TIMEOUT_MS } });
  try {
    await client.getProperties({ abortSignal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return { healthy: true, detail: `Azurite blob service at ${blobUrl}` };
  } catch (error) {
    return { healthy: false, detail: (error as Error).message };
  }
}

export const azurite: Service = {
  name: 'azurite',
  dependsOn: [],

  ports: (ctx) => [ctx.ports.azurite],

  address: (ctx) => stackEndpoints(ctx.ports, ctx.dirs.home).azurite.blobUrl,

  async prepare(ctx) {
    azuriteBlobMain();
    mkdirSync(dataDir(ctx), { recursive: true });
  },

  async start(ctx) {
    const args = [
      azuriteBlobMain(),
      '--blobHost', LOOPBACK,
      '--blobPort', String(ctx.ports.azurite),
      '--location', dataDir(ctx),
      // The @azure/storage-blob client speaks a newer API version than the emulator knows.
      '--skipApiVersionCheck',
      '--disableTelemetry',
    ];
    const pid = spawnDaemon(ctx, 'azurite', { command: process.execPath, args, cwd: dataDir(ctx) });
    await awaitDaemon(ctx, 'azurite', pid, async () => (await azuriteHealth(ctx)).healthy, {
      timeoutMs: START_TIMEOUT_MS,
      fix: `read .medallion/logs/azurite.log; to start from empty storage, stop the stack and delete ${dataDir(ctx)}`,
    });
  },

  health: azuriteHealth,

  stop: (ctx) => stopDaemon(ctx, 'azurite'),
};
