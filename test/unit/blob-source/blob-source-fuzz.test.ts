import { BlobServiceClient } from '@azure/storage-blob';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobSource } from '../../../connectors/blob-source/blob-source.ts';
import type { BlobSourceEvent } from '../../../connectors/blob-source/blob-source-events.ts';
import { sourceSerde } from '../../../connectors/contract/source-serde.ts';
import { embeddedRegistry } from '../../../schemas/embedded-registry.ts';
import { InProcessLog } from '../../../transport/in-process/in-process-log.ts';
import { InProcessTransport } from '../../../transport/in-process/in-process-transport.ts';
import { waitFor } from '../file-source/delivery-invariants.ts';
import { csvFile, type CsvFileCase, type CsvTable, expectEveryRowOnce, expectKnownReasons, FUZZ_SEED, landingsByPosition } from '../fuzz-arbitraries.ts';
import { azuriteServer, type AzuriteServer } from './azurite-server.ts';
import { blobPositionOf, readBlobLanded } from './blob-source-behaviour.ts';

// Cases: RUNS runs of BLOBS fuzzed blobs of up to ROWS rows, each blob and each row accounted for on its own:
// 3 × 150 = 450 blobs, and their rows: 1–8 a blob (4.5 on average) in the nine of ten that are not random bytes: 1,592 with the fixed seed.
const RUNS = 3;
const BLOBS = 150;
const ROWS = 8;

const COUNTRIES: CsvTable = {
  header: ['CountryID', 'CountryName', 'CountryCode'],
  good: (id) => [String(id), `Country ${id}`, 'CL'],
};
/** An unreadable blob is one dead letter from its first bad byte, by this rule. */
const UNREADABLE = { 'latin-1': 'not-utf8', 'utf-16': 'binary-content' } as const;

const log = new InProcessLog();
let azurite: AzuriteServer;
beforeAll(async () => {
  azurite = await azuriteServer();
}, 60_000);
afterAll(() => azurite.remove());

const blobs = fc.tuple(...Array.from({ length: BLOBS }, (_, k) => csvFile(COUNTRIES, k * 100 + 1, ROWS)));

async function landsEveryRowOnce(cases: readonly CsvFileCase[]): Promise<void> {
  const suffix = randomBytes(4).toString('hex');
  const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(`fuzz-${suffix}`);
  await container.create();
  const names = cases.map((_, k) => `countries/fuzz-${String(k).padStart(3, '0')}.csv`);
  await Promise.all(cases.map((c, k) => container.getBlockBlobClient(names[k]!).upload(c.bytes, c.bytes.length)));
  const transport = new InProcessTransport(log);
  const client = await embeddedRegistry();
  const prefix = `test.blob-fuzz.${suffix}.`;
  const events: BlobSourceEvent[] = [];
  const source = await BlobSource.start({ connectionString: azurite.connectionString, container: container.containerName, transport, serde: sourceSerde(client), topicPrefix: prefix, sourceName: prefix, pollMs: 100, onEvent: (event) => events.push(event) });
  try {
    await waitFor('every blob read or refused', () => {
      // Azurite is up: a failed poll is the source failing on a blob, which it would retry for ever.
      const failed = events.find((e) => e.kind === 'poll-failed');
      if (failed !== undefined) throw failed.error;
      return events.filter((e) => e.kind === 'blob-ingested' || e.kind === 'blob-unreadable').length === cases.length;
    }, 60_000);
  } finally {
    await source.stop();
    await container.deleteIfExists();
  }
  await expect(source.done).resolves.toBeUndefined();

  const { bronze, deadLetters } = await readBlobLanded(transport, client, prefix);
  const countries = bronze.countries;
  const letters = deadLetters.countries;
  expectKnownReasons(letters);
  const landed = landingsByPosition(countries, letters, blobPositionOf);
  const skipped = new Map(events.flatMap((e) => (e.kind === 'rows-skipped' ? [[e.name, e.rows] as const] : [])));
  const unreadable = new Map(letters.filter((d) => d.source_position.startsWith('byte ')).map((d) => [blobPositionOf(d).split(':')[0]!, d.reason.split(':')[0]]));

  for (const [k, blob] of cases.entries()) {
    const name = names[k]!;
    if (blob.damage === 'latin-1' || blob.damage === 'utf-16') {
      // Nothing of it in bronze: the whole blob is one dead letter.
      expect(unreadable.get(name), name).toBe(UNREADABLE[blob.damage]);
      for (const row of blob.rows) expect(landed.has(`${name}:line ${row.line}`), `${name}:line ${row.line}`).toBe(false);
      continue;
    }
    if (blob.damage === 'random-bytes') continue;
    expect(unreadable.has(name), `${name} unreadable`).toBe(false);
    expectEveryRowOnce(blob, name, landed, skipped.get(name), (id) => ({ country_id: id, country_name: `Country ${id}`, country_code: 'CL' }));
  }
  const counts = source.snapshot().entities.countries;
  expect(counts).toEqual({ rowsRead: counts.produced + counts.deadLettered, produced: countries.length, deadLettered: letters.length - unreadable.size });
}

describe('blob source on Azurite, fed fuzzed CSV blobs', () => {
  it('reads or refuses every blob and puts every row in bronze or dlq.countries once, whatever the bytes', async () => {
    await fc.assert(fc.asyncProperty(blobs, landsEveryRowOnce), { seed: FUZZ_SEED, numRuns: RUNS, endOnFailure: true });
  }, 240_000);
});
