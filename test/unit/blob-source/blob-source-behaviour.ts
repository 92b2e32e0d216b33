import type { Client } from '@confluentinc/schemaregistry';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BLOB_ENTITIES, type BlobEntity } from '../../../connectors/blob-source/blob-entity.ts';
import { BlobSource } from '../../../connectors/blob-source/blob-source.ts';
import type { BlobSourceEvent } from '../../../connectors/blob-source/blob-source-events.ts';
import type { BlobSourceOptions } from '../../../connectors/blob-source/blob-source-options.ts';
import { sourceSerde } from '../../../connectors/contract/source-serde.ts';
import { sourceTopics, sourceTopicSpecs } from '../../../connectors/contract/source-topics.ts';
import { generateDataset } from '../../../generator/generate-dataset.ts';
import type { BronzeRecords, DeadLetter } from '../../../schemas/generated/bronze-types.ts';
import { bronzeSerde, deadLetterSerde } from '../../../schemas/record-serde.ts';
import type { Transport } from '../../../transport/transport.ts';
import { assertComplete, assertNoDuplicates, waitFor } from '../file-source/delivery-invariants.ts';

/**
 * The blob source's behaviour against a real Azurite, written once and run on
 * each transport: the in-process log in the unit suite, Kafka and the registry
 * in the integration suite (test/integration/blob-source/).
 */
export interface BlobSourceUnderTest {
  open(): Promise<Transport>;
  /** A registry client with every contract registered. */
  registry(): Promise<Client>;
  dropTopics(names: readonly string[]): Promise<void>;
  /** The connection string of a running Azurite. */
  azurite(): Promise<string>;
}

export interface BlobLanded {
  readonly bronze: { [E in BlobEntity]: BronzeRecords[E][] };
  readonly deadLetters: Record<BlobEntity, DeadLetter[]>;
}

export async function readBlobLanded(transport: Transport, client: Client, prefix: string): Promise<BlobLanded> {
  const topics = sourceTopics<BlobEntity>('blob-source', prefix);
  const bronze = bronzeSerde(client);
  const dlq = deadLetterSerde(client);
  const landed: BlobLanded = { bronze: { customers: [], countries: [] }, deadLetters: { customers: [], countries: [] } };
  for (const entity of BLOB_ENTITIES) {
    await transport.readAll(topics.bronze(entity), async (batch) => {
      for (const r of batch) (landed.bronze[entity] as BronzeRecords[BlobEntity][]).push(await bronze.deserialize(entity, r.value!));
    });
    await transport.readAll(topics.deadLetters(entity), async (batch) => {
      for (const r of batch) landed.deadLetters[entity].push(await dlq.deserialize(entity, r.value!));
    });
  }
  return landed;
}

/** `customers/customers-0001.csv:line 4` from a blob URL and a position. */
export const blobPositionOf = (r: { source_uri: string; source_position: string }): string => `${decodeURIComponent(new URL(r.source_uri).pathname.split('/').slice(3).join('/'))}:${r.source_position}`;

/** Records in source order (bronze topics have several partitions). */
export const bySequence = <R extends { lineage: { source_sequence: number } }>(records: readonly R[]): R[] =>
  [...records].sort((a, b) => a.lineage.source_sequence - b.lineage.source_sequence);

const COUNTRIES = 'CountryID,CountryName,CountryCode\n1,Norway,NO\n2,Chile,CL\n';

export function blobSourceBehaviour(label: string, under: BlobSourceUnderTest): void {
  describe(`blob source on ${label}`, () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    let client: Client;
    let service: BlobServiceClient;
    let connectionString: string;

    beforeAll(async () => {
      client = await under.registry();
      connectionString = await under.azurite();
      service = BlobServiceClient.fromConnectionString(connectionString);
    });

    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    /** A fresh container, topics and transport; sources started from them are stopped after the test. */
    const setup = async () => {
      const suffix = randomBytes(4).toString('hex');
      const prefix = `test.blob.${suffix}.`;
      const container: ContainerClient = service.getContainerClient(`blob-source-${suffix}`);
      await container.create();
      const transport = await under.open();
      cleanups.push(() => container.deleteIfExists().then(() => undefined));
      cleanups.push(() => under.dropTopics(sourceTopicSpecs(BLOB_ENTITIES, sourceTopics<BlobEntity>('blob-source', prefix), 1).map((t) => t.name)));
      cleanups.push(() => transport.close());
      const events: BlobSourceEvent[] = [];
      const start = async (options: Partial<BlobSourceOptions> = {}): Promise<BlobSource> => {
        const source = await BlobSource.start({
          connectionString,
          container: container.containerName,
          transport,
          serde: sourceSerde(client),
          topicPrefix: prefix,
          sourceName: `test-${suffix}`,
          pollMs: 100,
          onEvent: (event) => events.push(event),
          ...options,
        });
        cleanups.push(() => source.stop());
        return source;
      };
      const upload = async (name: string, content: string | Buffer): Promise<void> => {
        await container.getBlockBlobClient(name).upload(content, Buffer.byteLength(content));
      };
      const count = (kind: BlobSourceEvent['kind'], name?: string): number => events.filter((e) => e.kind === kind && (name === undefined || ('name' in e && e.name === name))).length;
      return { prefix, container, transport, events, start, upload, count, landed: () => readBlobLanded(transport, client, prefix) };
    };

    describe("the generator's untidy blobs", () => {
      let dataset: string;
      beforeAll(async () => {
        dataset = mkdtempSync(join(tmpdir(), 'blob-source-dataset-'));
        await generateDataset({ out: dataset, scale: 2000, seed: 11, untidy: true, force: true }, () => {});
      }, 120_000);
      afterAll(() => rmSync(dataset, { recursive: true, force: true }));

      it('puts every good row in bronze once with its blob lineage and every bad row in its DLQ with the reason', async () => {
        const t = await setup();
        const names = BLOB_ENTITIES.flatMap((entity) => readdirSync(join(dataset, 'blobs', entity)).map((file) => `${entity}/${file}`)).sort();
        for (const name of names) await t.upload(name, readFileSync(join(dataset, 'blobs', name)));
        const source = await t.start();
        await waitFor('every blob ingested', () => t.count('blob-ingested') === names.length);
        await source.stop();

        const manifest = JSON.parse(readFileSync(join(dataset, 'expected/manifest.json'), 'utf8')) as { entities: Record<BlobEntity, { good: number; bad: number }> };
        const badRows = JSON.parse(readFileSync(join(dataset, 'expected/bad-rows.json'), 'utf8')) as { entity: string; file: string; line: number; field: string }[];
        const { bronze, deadLetters } = await t.landed();
        for (const entity of BLOB_ENTITIES) {
          expect({ entity, bronze: bronze[entity].length, dlq: deadLetters[entity].length }).toEqual({ entity, bronze: manifest.entities[entity].good, dlq: manifest.entities[entity].bad });
          assertNoDuplicates<BronzeRecords[BlobEntity]>(bronze[entity], (r) => blobPositionOf(r.lineage));
          assertComplete(
            badRows.filter((b) => b.entity === entity).map((b) => `${b.file.replace(/^blobs\//, '')}:line ${b.line}`),
            deadLetters[entity],
            blobPositionOf,
          );
          for (const letter of deadLetters[entity]) expect(letter.reason).toMatch(/^[a-z-]+: /);
          for (const record of bronze[entity]) {
            expect(record.lineage.source_kind).toBe('blob');
            expect(record.lineage.source_uri.startsWith(`${t.container.url}/${entity}/`)).toBe(true);
          }
        }
        const all = BLOB_ENTITIES.flatMap((e): BronzeRecords[BlobEntity][] => bronze[e]);
        assertNoDuplicates(all, (r) => r.lineage.source_sequence);
      });
    });

    it('ingests a blob once; the same bytes uploaded again add nothing; changed bytes add the new version with higher sequences', async () => {
      const t = await setup();
      await t.upload('countries/countries-0001.csv', COUNTRIES);
      const source = await t.start();
      await waitFor('the blob ingested', () => t.count('blob-ingested') === 1);

      await t.upload('countries/countries-0001.csv', COUNTRIES);
      await waitFor('the re-upload seen', () => t.count('blob-unchanged') === 1);
      expect((await t.landed()).bronze.countries).toHaveLength(2);

      await t.upload('countries/countries-0001.csv', `${COUNTRIES}3,Kenya,KE\n`);
      await waitFor('the new version ingested', () => t.count('blob-ingested') === 2);
      await source.stop();

      const countries = bySequence((await t.landed()).bronze.countries);
      expect(countries.map((c) => [c.country_id, c.lineage.source_position, c.lineage.source_sequence])).toEqual([
        [1, 'line 2', 1],
        [2, 'line 3', 2],
        [1, 'line 2', 3],
        [2, 'line 3', 4],
        [3, 'line 4', 5],
      ]);
    });

    it('dead-letters a blob that is not UTF-8 text or is binary, with its bytes from the first bad one, and produces none of its rows', async () => {
      const t = await setup();
      const latin1 = Buffer.from('CountryID,CountryName,CountryCode\n1,Cura\xe7ao,CW\n', 'latin1');
      const binary = Buffer.from('CountryID,CountryName,CountryCode\n1,Norway,NO\u0000\n');
      await t.upload('countries/latin1.csv', latin1);
      await t.upload('countries/binary.csv', binary);
      const source = await t.start();
      await waitFor('both blobs reported', () => t.count('blob-unreadable') === 2);
      await source.stop();
      const { bronze, deadLetters } = await t.landed();
      expect(bronze.countries).toEqual([]);
      const letters = [...deadLetters.countries].sort((a, b) => a.source_uri.localeCompare(b.source_uri));
      expect(letters.map((l) => [blobPositionOf(l), l.stage, l.reason, Buffer.from(l.raw).toString('latin1')])).toEqual([
        ['countries/binary.csv:byte 45', 'source', 'binary-content: the file must be text, but holds a NUL byte: it is a binary file', binary.subarray(45).toString('latin1')],
        ['countries/latin1.csv:byte 0', 'source', 'not-utf8: the file must be UTF-8 text (export or save it as UTF-8 and upload it again)', latin1.toString('latin1')],
      ]);
    });

    it('restarted, produces nothing again and goes on with the next version', async () => {
      const t = await setup();
      await t.upload('countries/a.csv', COUNTRIES);
      await t.upload('notes/readme.txt', 'not data');
      const first = await t.start();
      await waitFor('the blob ingested', () => t.count('blob-ingested') === 1);
      expect(t.count('blob-ignored', 'notes/readme.txt')).toBe(1);
      await first.stop();

      const second = await t.start();
      await t.upload('countries/b.csv', '9,Peru,PE\n');
      await waitFor('the new blob ingested', () => t.count('blob-ingested') === 2);
      await second.stop();
      const countries = bySequence((await t.landed()).bronze.countries);
      expect(countries.map((c) => [blobPositionOf(c.lineage), c.lineage.source_sequence])).toEqual([
        ['countries/a.csv:line 2', 1],
        ['countries/a.csv:line 3', 2],
        ['countries/b.csv:line 1', 3],
      ]);
    });

    it('a second instance of the same source fences the first, which stops; nothing is produced twice', async () => {
      const t = await setup();
      await t.upload('countries/a.csv', COUNTRIES);
      const first = await t.start();
      await waitFor('the first blob ingested', () => t.count('blob-ingested') === 1);
      const second = await t.start();
      await t.upload('countries/b.csv', '9,Peru,PE\n');
      await expect(first.done).rejects.toMatchObject({ code: 'fenced' });
      await waitFor('the second blob ingested', () => t.count('blob-ingested') === 2);
      await second.stop();
      const countries = bySequence((await t.landed()).bronze.countries);
      expect(countries.map((c) => [blobPositionOf(c.lineage), c.lineage.source_sequence])).toEqual([
        ['countries/a.csv:line 2', 1],
        ['countries/a.csv:line 3', 2],
        ['countries/b.csv:line 1', 3],
      ]);
    });
  });
}
