import type { Client } from '@confluentinc/schemaregistry';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { normalizeHeader } from '../../../connectors/contract/contract-columns.ts';
import { FILE_ENTITIES, type FileEntity } from '../../../connectors/file-source/entity-of-file.ts';
import { FileSource } from '../../../connectors/file-source/file-source.ts';
import type { FileSourceOptions } from '../../../connectors/file-source/file-source-options.ts';
import { FileSourceError } from '../../../connectors/file-source/file-source-error.ts';
import type { FileSourceEvent } from '../../../connectors/file-source/file-source-events.ts';
import { fileSourceTopics, fileSourceTopicSpecs } from '../../../connectors/file-source/file-source-topics.ts';
import { generateDataset } from '../../../generator/generate-dataset.ts';
import type { BronzeRecords, DeadLetter } from '../../../schemas/generated/bronze-types.ts';
import { fileSourceSerde } from '../../../connectors/file-source/file-ingest.ts';
import { bronzeSerde, deadLetterSerde } from '../../../schemas/record-serde.ts';
import type { Transport } from '../../../transport/transport.ts';
import { assertComplete, assertNoDuplicates, waitFor } from './delivery-invariants.ts';

/**
 * The file-source sidecar's behaviour, written once and run on each transport:
 * the in-process log in the unit suite, Kafka and the registry in the
 * integration suite (test/integration/file-source/).
 */
export interface FileSourceUnderTest {
  open(): Promise<Transport>;
  /** A registry client with every contract registered. */
  registry(): Promise<Client>;
  dropTopics(names: readonly string[]): Promise<void>;
}

export interface Landed {
  readonly bronze: { [E in FileEntity]: BronzeRecords[E][] };
  readonly deadLetters: Record<FileEntity, DeadLetter[]>;
}

/** Every bronze record and dead letter the sidecar produced under `prefix`, decoded. */
export async function readLanded(transport: Transport, client: Client, prefix: string): Promise<Landed> {
  const topics = fileSourceTopics(prefix);
  const bronze = bronzeSerde(client);
  const dlq = deadLetterSerde(client);
  const landed: Landed = { bronze: { sales: [], products: [], employees: [] }, deadLetters: { sales: [], products: [], employees: [] } };
  for (const entity of FILE_ENTITIES) {
    await transport.readAll(topics.bronze(entity), async (batch) => {
      for (const r of batch) (landed.bronze[entity] as BronzeRecords[FileEntity][]).push(await bronze.deserialize(entity, r.value!));
    });
    await transport.readAll(topics.deadLetters(entity), async (batch) => {
      for (const r of batch) landed.deadLetters[entity].push(await dlq.deserialize(entity, r.value!));
    });
  }
  return landed;
}

export const positionOf = (r: { source_uri: string; source_position: string }): string => `${basename(r.source_uri)}:${r.source_position}`;

const SALES_HEADER = 'SalesID,SalesPersonID,CustomerID,ProductID,Quantity,Discount,TotalPrice,SalesDate,TransactionNumber\n';
const sale = (id: number): string => `${id},2,3,4,${(id % 9) + 1},0.10,12.50,2018-02-05 07:38:25.430,T${id}\n`;


export function fileSourceBehaviour(label: string, under: FileSourceUnderTest): void {
  describe(`file source on ${label}`, () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    let client: Client;

    beforeAll(async () => {
      client = await under.registry();
    });

    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    /** A fresh landing folder, topics and transport; sources started from it are stopped after the test. */
    const setup = async () => {
      const root = mkdtempSync(join(tmpdir(), 'file-source-'));
      const landing = join(root, 'landing');
      mkdirSync(landing);
      const prefix = `test.fs.${randomBytes(4).toString('hex')}.`;
      const transport = await under.open();
      cleanups.push(() => rmSync(root, { recursive: true, force: true }));
      cleanups.push(() => under.dropTopics(fileSourceTopicSpecs(fileSourceTopics(prefix), 1).map((t) => t.name)));
      cleanups.push(() => transport.close());
      const events: FileSourceEvent[] = [];
      const start = async (options: Partial<FileSourceOptions> = {}): Promise<FileSource> => {
        const source = await FileSource.start({
          landing,
          transport,
          serde: fileSourceSerde(client),
          topicPrefix: prefix,
          sourceName: `test-${prefix}`,
          settleMs: 100,
          finishMs: 60_000,
          onEvent: (event) => events.push(event),
          ...options,
        });
        cleanups.push(() => source.stop());
        return source;
      };
      const produced = (): number => events.reduce((n, e) => n + (e.kind === 'batch-committed' ? e.produced : 0), 0);
      return { root, landing, prefix, transport, events, start, produced, landed: () => readLanded(transport, client, prefix) };
    };

    describe("the generator's untidy files", () => {
      let dataset: string;
      beforeAll(async () => {
        dataset = mkdtempSync(join(tmpdir(), 'file-source-dataset-'));
        await generateDataset({ out: dataset, scale: 2000, seed: 11, untidy: true, force: true }, () => {});
      }, 120_000);
      afterAll(() => rmSync(dataset, { recursive: true, force: true }));

      it('puts every good row in bronze exactly once and every bad row in its DLQ with the reason, then archives the files', async () => {
        const t = await setup();
        const files = readdirSync(join(dataset, 'landing')).sort();
        for (const name of files) writeFileSync(join(t.landing, name), readFileSync(join(dataset, 'landing', name)));
        const source = await t.start({ finishMs: 300 });
        await waitFor('every landing file archived', () => readdirSync(t.landing).length === 0);
        await source.stop();

        const manifest = JSON.parse(readFileSync(join(dataset, 'expected/manifest.json'), 'utf8')) as { entities: Record<FileEntity, { good: number; bad: number }> };
        const badRows = JSON.parse(readFileSync(join(dataset, 'expected/bad-rows.json'), 'utf8')) as { entity: string; file: string; line: number; field: string; rule: string }[];
        const { bronze, deadLetters } = await t.landed();
        for (const entity of FILE_ENTITIES) {
          expect({ entity, bronze: bronze[entity].length, dlq: deadLetters[entity].length }).toEqual({ entity, bronze: manifest.entities[entity].good, dlq: manifest.entities[entity].bad });
          assertNoDuplicates<BronzeRecords[FileEntity]>(bronze[entity], (r) => positionOf(r.lineage));
          const expectedBad = badRows.filter((b) => b.entity === entity);
          assertComplete(
            expectedBad.map((b) => `${basename(b.file)}:line ${b.line}`),
            deadLetters[entity],
            (d) => positionOf(d),
          );
          for (const bad of expectedBad) {
            const letter = deadLetters[entity].find((d) => positionOf(d) === `${basename(bad.file)}:line ${bad.line}`)!;
            const rule = letter.reason.split(':')[0]!;
            // bad-rows.json and the dead letters name rules of one list (schemas/dead-letter-rules.ts).
            expect({ at: positionOf(letter), field: normalizeHeader(letter.field ?? ''), rule }).toEqual({ at: positionOf(letter), field: normalizeHeader(bad.field), rule: bad.rule });
            expect(letter.raw.length).toBeGreaterThan(0);
          }
        }
        // source_sequence follows processing order: file-name order, then line order.
        const all = FILE_ENTITIES.flatMap((e): BronzeRecords[FileEntity][] => bronze[e]).sort((a, b) => a.lineage.source_sequence - b.lineage.source_sequence);
        assertNoDuplicates(all, (r) => r.lineage.source_sequence);
        const order = all.map((r) => [basename(r.lineage.source_uri), Number(r.lineage.source_position.slice(5))] as const);
        expect(order).toEqual([...order].sort(([fa, la], [fb, lb]) => (fa === fb ? la - lb : fa < fb ? -1 : 1)));
        expect(readdirSync(join(t.root, 'archive')).sort()).toEqual(files);
        // The metrics agree with what landed.
        const snapshot = source.snapshot();
        for (const entity of FILE_ENTITIES) {
          expect(snapshot.entities[entity]).toEqual({ rowsRead: manifest.entities[entity].good + manifest.entities[entity].bad, produced: manifest.entities[entity].good, deadLettered: manifest.entities[entity].bad });
        }
      });
    });

    it('yields only the new rows of a file appended to after it was read', async () => {
      const t = await setup();
      const path = join(t.landing, 'sales-0001.csv');
      writeFileSync(path, SALES_HEADER + sale(1) + sale(2) + sale(3));
      await t.start();
      await waitFor('the first 3 rows', () => t.produced() === 3);
      appendFileSync(path, sale(4) + sale(5));
      await waitFor('the 2 appended rows', () => t.produced() === 5);
      const { bronze } = await t.landed();
      assertNoDuplicates(bronze.sales, (r) => r.sales_id);
      assertComplete([1, 2, 3, 4, 5], bronze.sales, (r) => r.sales_id);
      const bySequence = [...bronze.sales].sort((a, b) => a.lineage.source_sequence - b.lineage.source_sequence);
      expect(bySequence.map((r) => r.lineage.source_position)).toEqual(['line 2', 'line 3', 'line 4', 'line 5', 'line 6']);
    });

    it('does not read a file that is being written slowly half-way', async () => {
      const t = await setup();
      const path = join(t.landing, 'sales-0001.csv');
      writeFileSync(path, SALES_HEADER + sale(1) + sale(2) + '3,2,3,4,5,0.');
      await t.start();
      await waitFor('the 2 complete rows', () => t.produced() === 2);
      // The writer pauses for several settle times in the middle of row 3, then finishes it.
      await new Promise((resolve) => setTimeout(resolve, 500));
      appendFileSync(path, '25,99.00,2018-02-05 07:38:25.430,T3\n' + sale(4));
      await waitFor('rows 3 and 4', () => t.produced() === 4);
      const { bronze, deadLetters } = await t.landed();
      expect(deadLetters.sales).toEqual([]);
      expect(bronze.sales.find((r) => r.sales_id === 3)).toMatchObject({ quantity: 5, discount: '0.2500', total_price: '99.00', transaction_number: 'T3' });
      assertComplete([1, 2, 3, 4], bronze.sales, (r) => r.sales_id);
    });

    it('reads a last line without a line break once the file is finished, then archives it', async () => {
      const t = await setup();
      writeFileSync(join(t.landing, 'sales-0001.csv'), SALES_HEADER + sale(1) + sale(2).trimEnd());
      await t.start({ finishMs: 300 });
      await waitFor('the file archived', () => existsSync(join(t.root, 'archive', 'sales-0001.csv')));
      assertComplete([1, 2], (await t.landed()).bronze.sales, (r) => r.sales_id);
    });

    it('continues a renamed file where it was, keeping the first path as its source', async () => {
      const t = await setup();
      const first = join(t.landing, 'sales-0001.csv');
      writeFileSync(first, SALES_HEADER + sale(1) + sale(2));
      await t.start();
      await waitFor('the first 2 rows', () => t.produced() === 2);
      const renamed = join(t.landing, 'sales-renamed.csv');
      renameSync(first, renamed);
      appendFileSync(renamed, sale(3));
      await waitFor('the appended row', () => t.produced() === 3);
      const { bronze } = await t.landed();
      assertComplete([1, 2, 3], bronze.sales, (r) => r.sales_id);
      expect(new Set(bronze.sales.map((r) => r.lineage.source_uri))).toEqual(new Set([first]));
      expect(t.events.some((e) => e.kind === 'file-moved' && e.to === renamed)).toBe(true);
    });

    it('resumes every file from its checkpoint after a restart, and goes on numbering source_sequence', async () => {
      const t = await setup();
      const path = join(t.landing, 'sales-0001.csv');
      writeFileSync(path, SALES_HEADER + sale(1) + sale(2));
      const first = await t.start();
      await waitFor('the first 2 rows', () => t.produced() === 2);
      await first.stop();
      appendFileSync(path, sale(3));
      await t.start();
      await waitFor('the row appended while stopped', () => t.produced() === 3);
      const { bronze } = await t.landed();
      assertNoDuplicates(bronze.sales, (r) => r.sales_id);
      assertComplete([1, 2, 3], bronze.sales, (r) => r.sales_id);
      expect(bronze.sales.map((r) => r.lineage.source_sequence).sort()).toEqual([1, 2, 3]);
    });

    it('a second sidecar on the same landing folder fences the first, which stops; no row is produced twice', async () => {
      const t = await setup();
      writeFileSync(join(t.landing, 'sales-0001.csv'), SALES_HEADER + sale(1) + sale(2));
      const first = await t.start();
      await waitFor('the first file read', () => t.produced() === 2);
      await t.start();
      writeFileSync(join(t.landing, 'sales-0002.csv'), SALES_HEADER + sale(3));
      await expect(first.done).rejects.toMatchObject({ code: 'fenced' });
      await waitFor('the second file read', () => t.produced() === 3);
      const { bronze } = await t.landed();
      assertNoDuplicates(bronze.sales, (r) => r.sales_id);
      assertComplete([1, 2, 3], bronze.sales, (r) => r.sales_id);
      expect(bronze.sales.map((r) => r.lineage.source_sequence).sort()).toEqual([1, 2, 3]);
    });

    it('archives a re-dropped identical file without producing its rows again', async () => {
      const t = await setup();
      const content = SALES_HEADER + sale(1) + sale(2);
      writeFileSync(join(t.landing, 'sales-0001.csv'), content);
      await t.start({ finishMs: 300 });
      await waitFor('the file archived', () => existsSync(join(t.root, 'archive', 'sales-0001.csv')));
      writeFileSync(join(t.landing, 'sales-0001.csv'), content);
      await waitFor('the re-drop archived', () => t.events.some((e) => e.kind === 'file-duplicate'));
      expect(readdirSync(t.landing)).toEqual([]);
      assertComplete([1, 2], (await t.landed()).bronze.sales, (r) => r.sales_id);
      expect((await t.landed()).bronze.sales).toHaveLength(2);
    });

    it('quarantines binary, non-UTF-8 and unknown files with the reason, and goes on', async () => {
      const t = await setup();
      writeFileSync(join(t.landing, 'sales-0001.csv'), Buffer.concat([Buffer.from(SALES_HEADER), Buffer.from([0, 1, 2, 0xff, 0, 10])]));
      writeFileSync(join(t.landing, 'products-0001.csv'), Buffer.from('ProductID,ProductName,Price,CategoryID\n1,Caf\xe9,1.00,2\n', 'latin1'));
      writeFileSync(join(t.landing, 'inventory-0001.csv'), 'a,b\n1,2\n');
      writeFileSync(join(t.landing, 'sales-0002.csv'), SALES_HEADER + sale(7));
      await t.start();
      await waitFor('three files quarantined', () => t.events.filter((e) => e.kind === 'file-quarantined').length === 3);
      await waitFor('the good file produced', () => t.produced() === 1);
      const reasons = Object.fromEntries(t.events.flatMap((e) => (e.kind === 'file-quarantined' ? [[basename(e.path), e.reason]] : [])));
      expect(reasons).toEqual({ 'sales-0001.csv': 'binary', 'products-0001.csv': 'encoding', 'inventory-0001.csv': 'unknown-entity' });
      expect(readdirSync(join(t.root, 'quarantine')).sort()).toEqual(['inventory-0001.csv', 'products-0001.csv', 'sales-0001.csv']);
      expect((await t.landed()).bronze.sales.map((r) => r.sales_id)).toEqual([7]);
    });

    it('dead-letters every row of a file without a required column, and an unclosed quote at its end', async () => {
      const t = await setup();
      writeFileSync(join(t.landing, 'sales-0001.csv'), 'SalesID,SalesPersonID,CustomerID,ProductID,Quantity,TransactionNumber\n1,2,3,4,5,T1\n2,2,3,4,5,T2\n');
      writeFileSync(join(t.landing, 'sales-0002.csv'), SALES_HEADER + sale(3) + '4,2,3,4,5,0.1,1.00,2018-02-05,"T4\n');
      await t.start({ finishMs: 300 });
      await waitFor('both files archived', () => readdirSync(t.landing).length === 0);
      const { bronze, deadLetters } = await t.landed();
      expect(bronze.sales.map((r) => r.sales_id)).toEqual([3]);
      // Dead letters have no key, so on Kafka they land on any partition: compare them in file order.
      const letters = [...deadLetters.sales].sort((a, b) => positionOf(a).localeCompare(positionOf(b)));
      expect(letters.map((d) => [positionOf(d), d.reason.split(':')[0], d.field])).toEqual([
        ['sales-0001.csv:line 2', 'missing-column', 'sales_date'],
        ['sales-0001.csv:line 3', 'missing-column', 'sales_date'],
        ['sales-0002.csv:line 3', 'unclosed-quote', null],
      ]);
      expect(letters[2]!.raw.toString()).toBe('4,2,3,4,5,0.1,1.00,2018-02-05,"T4\n');
    });

    it('reads a point-of-sale export with as many columns of its own as the contract’s, reporting them once', async () => {
      const t = await setup();
      const own = ['Register', 'Cashier Name', 'Store', 'Aisle', 'Loyalty Card', 'Payment', 'Currency', 'Till Session', 'Receipt Printed'];
      const contract = SALES_HEADER.trimEnd().split(',');
      const wide = (cells: readonly string[]): string => `${cells.flatMap((cell, i) => [cell, `${own[i]} ${cells[0]}`]).join(',')}\n`;
      writeFileSync(join(t.landing, 'sales-0001.csv'), `${contract.flatMap((h, i) => [h, own[i]!]).join(',')}\n${[1, 2, 3].map((id) => wide(sale(id).trimEnd().split(','))).join('')}`);
      await t.start();
      await waitFor('the 3 rows', () => t.produced() === 3);
      const { bronze, deadLetters } = await t.landed();
      expect(deadLetters.sales).toEqual([]);
      assertComplete([1, 2, 3], bronze.sales, (r) => r.sales_id);
      expect(bronze.sales.find((r) => r.sales_id === 2)).toMatchObject({ quantity: 3, discount: '0.1000', total_price: '12.50', transaction_number: 'T2', extras: { Register: 'Register 2', 'Receipt Printed': 'Receipt Printed 2' } });
      const ignored = t.events.filter((e) => e.kind === 'columns-ignored');
      expect(ignored).toEqual([expect.objectContaining({ entity: 'sales', columns: own })]);
    });

    it('fails a file whose header names contract fields but not the key as a whole: one dead letter naming what it found and expected', async () => {
      const t = await setup();
      writeFileSync(join(t.landing, 'sales-0001.csv'), `Sale,SalesPersonID,CustomerID,ProductID,Quantity,Discount,TotalPrice,SalesDate,TransactionNumber\n${sale(1)}${sale(2)}`);
      writeFileSync(join(t.landing, 'sales-0002.csv'), SALES_HEADER + sale(3));
      await t.start({ finishMs: 300 });
      await waitFor('both files archived', () => readdirSync(t.landing).length === 0);
      const { bronze, deadLetters } = await t.landed();
      expect(bronze.sales.map((r) => r.sales_id)).toEqual([3]);
      expect(deadLetters.sales).toHaveLength(1);
      const [letter] = deadLetters.sales;
      expect(positionOf(letter!)).toBe('sales-0001.csv:line 1');
      expect(letter!.reason).toMatch(/^unmatched-header: the file starts with a header that does not name its key column.*found the headers "Sale", "SalesPersonID".*expected the key SalesID or TransactionID/);
      expect(t.events).toContainEqual(expect.objectContaining({ kind: 'rows-skipped', entity: 'sales', rows: 2 }));
    });

    it('dead-letters a decimal with more places than the contract allows, never rounding it', async () => {
      const t = await setup();
      writeFileSync(join(t.landing, 'sales-0001.csv'), `${SALES_HEADER}1,2,3,4,5,0.125,12.50,2018-02-05,T1\n2,2,3,4,5,0.12,12.505,2018-02-05,T2\n${sale(3)}`);
      writeFileSync(join(t.landing, 'products-0001.csv'), 'ProductID,ProductName,Price,CategoryID\n1,Oats,2.49999,2\n2,Rice,2.4999,2\n');
      await t.start();
      await waitFor('the good rows', () => t.produced() === 2);
      await waitFor('the bad rows', () => t.events.filter((e) => e.kind === 'row-dead-lettered').length === 3);
      const { bronze, deadLetters } = await t.landed();
      expect(bronze.sales.map((r) => r.sales_id)).toEqual([3]);
      expect(bronze.products.map((r) => [r.product_id, r.price])).toEqual([[2, '2.4999']]);
      const letters = [...deadLetters.sales, ...deadLetters.products].map((d) => [positionOf(d), d.reason, d.field, d.value]).sort();
      expect(letters).toEqual([
        ['products-0001.csv:line 2', 'too-many-decimals: price has more decimal places than its contract allows', 'price', '2.49999'],
        ['sales-0001.csv:line 2', 'too-many-decimals: discount has more decimal places than its contract allows', 'discount', '0.125'],
        ['sales-0001.csv:line 3', 'too-many-decimals: total_price has more decimal places than its contract allows', 'total_price', '12.505'],
      ]);
    });

    it('fails at start when the landing folder does not exist, naming it and the fix', async () => {
      const t = await setup();
      const missing = join(t.root, 'no-such-landing');
      const error = await t.start({ landing: missing }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FileSourceError);
      expect(error).toMatchObject({ code: 'landing-missing' });
      expect((error as Error).message).toContain(missing);
      expect((error as Error).message).toContain('mkdir -p');
    });
  });
}
