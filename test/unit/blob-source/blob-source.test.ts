import { BlobServiceClient } from '@azure/storage-blob';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobSource } from '../../../connectors/blob-source/blob-source.ts';
import { BlobSourceError } from '../../../connectors/blob-source/blob-source-error.ts';
import type { BlobSourceEvent } from '../../../connectors/blob-source/blob-source-events.ts';
import { sourceSerde } from '../../../connectors/contract/source-serde.ts';
import { embeddedRegistry } from '../../../schemas/embedded-registry.ts';
import { InProcessLog } from '../../../transport/in-process/in-process-log.ts';
import { InProcessTransport } from '../../../transport/in-process/in-process-transport.ts';
import { waitFor } from '../file-source/delivery-invariants.ts';
import { azuriteServer, type AzuriteServer } from './azurite-server.ts';
import { blobSourceBehaviour, bySequence, readBlobLanded } from './blob-source-behaviour.ts';

// One log per file, shared by the source and the test's readers, as in an embedded run.
const log = new InProcessLog();
let azurite: AzuriteServer | undefined;
const azuriteOnce = async (): Promise<AzuriteServer> => (azurite ??= await azuriteServer());

afterAll(async () => {
  await azurite?.remove();
});

blobSourceBehaviour('the in-process log', {
  open: async () => new InProcessTransport(log),
  registry: embeddedRegistry,
  dropTopics: async () => {},
  azurite: async () => (await azuriteOnce()).connectionString,
});

describe('blob source with Azurite down', () => {
  let server: AzuriteServer;
  beforeAll(async () => {
    server = await azuriteServer();
  }, 60_000);
  afterAll(() => server.remove());

  it('reports the cause in its status, retries with backoff, and resumes without loss once Azurite is back', async () => {
    const suffix = randomBytes(4).toString('hex');
    const container = BlobServiceClient.fromConnectionString(server.connectionString).getContainerClient(`down-${suffix}`);
    await container.create();
    const transport = new InProcessTransport(log);
    const client = await embeddedRegistry();
    const events: BlobSourceEvent[] = [];
    const prefix = `test.blob-down.${suffix}.`;
    const upload = (name: string, text: string) => container.getBlockBlobClient(name).upload(text, Buffer.byteLength(text));
    await upload('countries/1.csv', '1,Norway,NO\n');
    const source = await BlobSource.start({
      connectionString: server.connectionString,
      container: container.containerName,
      transport,
      serde: sourceSerde(client),
      topicPrefix: prefix,
      sourceName: `down-${suffix}`,
      pollMs: 100,
      requestTimeoutMs: 2000,
      backoff: { baseMs: 100, maxMs: 800 },
      onEvent: (event) => events.push(event),
    });
    try {
      await waitFor('the first blob ingested', () => events.some((e) => e.kind === 'blob-ingested'));
      await server.stop();
      await waitFor('two failed polls', () => events.filter((e) => e.kind === 'poll-failed').length >= 2);
      const status = source.snapshot().status;
      expect(status.state).toBe('retrying');
      expect(status.cause).toMatch(/unreachable/);
      const delays = events.flatMap((e) => (e.kind === 'poll-failed' ? [e.retryInMs] : []));
      expect(delays.every((ms) => ms >= 50 && ms <= 800)).toBe(true);

      await server.start();
      await upload('countries/2.csv', '2,Chile,CL\n');
      await waitFor('the second blob ingested after recovery', () => events.filter((e) => e.kind === 'blob-ingested').length === 2);
      expect(events.some((e) => e.kind === 'poll-recovered')).toBe(true);
      expect(source.snapshot().status).toEqual({ state: 'running', cause: null, failures: 0, retryInMs: null });
    } finally {
      await source.stop();
    }
    const countries = bySequence((await readBlobLanded(transport, client, prefix)).bronze.countries);
    expect(countries.map((c) => [c.country_id, c.lineage.source_sequence])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('refuses a bad container name at start, naming it and the rule', async () => {
    const start = BlobSource.start({ connectionString: server.connectionString, container: 'Bad_Name', transport: new InProcessTransport(log), serde: sourceSerde(await embeddedRegistry()) });
    await expect(start).rejects.toThrow(BlobSourceError);
    await expect(start).rejects.toThrow(/"Bad_Name" is not a valid Azure container name/);
  });
});
