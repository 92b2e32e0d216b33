import type { Client } from '@confluentinc/schemaregistry';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceSerde } from '../../../connectors/contract/source-serde.ts';
import { sourceTopics } from '../../../connectors/contract/source-topics.ts';
import { MysqlSnapshot, type MysqlSnapshotOptions } from '../../../connectors/mysql-snapshot/mysql-snapshot.ts';
import { MysqlSnapshotError } from '../../../connectors/mysql-snapshot/mysql-snapshot-error.ts';
import type { MysqlSnapshotEvent } from '../../../connectors/mysql-snapshot/mysql-snapshot-events.ts';
import { MYSQL_ENTITIES, type MysqlEntity } from '../../../connectors/mysql-snapshot/mysql-tables.ts';
import { insertStatements } from '../../../connectors/mysql-snapshot/sql-dump.ts';
import { generateDataset } from '../../../generator/generate-dataset.ts';
import { embeddedRegistry } from '../../../schemas/embedded-registry.ts';
import type { BronzeRecords, DeadLetter } from '../../../schemas/generated/bronze-types.ts';
import { bronzeSerde, deadLetterSerde } from '../../../schemas/record-serde.ts';
import { InProcessLog } from '../../../transport/in-process/in-process-log.ts';
import { InProcessTransport } from '../../../transport/in-process/in-process-transport.ts';
import { assertNoDuplicates } from '../file-source/delivery-invariants.ts';

const log = new InProcessLog();

describe('the MySQL snapshot (embedded stand-in for CDC)', () => {
  let dataset: string;
  let client: Client;
  beforeAll(async () => {
    client = await embeddedRegistry();
    dataset = mkdtempSync(join(tmpdir(), 'mysql-snapshot-'));
    await generateDataset({ out: dataset, scale: 2000, seed: 5, untidy: true, force: true }, () => {});
  }, 120_000);
  afterAll(() => rmSync(dataset, { recursive: true, force: true }));

  const setup = () => {
    const suffix = randomBytes(4).toString('hex');
    const prefix = `test.mysql.${suffix}.`;
    const transport = new InProcessTransport(log);
    const events: MysqlSnapshotEvent[] = [];
    const load = async (options: Partial<MysqlSnapshotOptions> = {}): Promise<MysqlSnapshot> => {
      const snapshot = await MysqlSnapshot.start({ dump: join(dataset, 'mysql/operational.sql'), transport, serde: sourceSerde(client), topicPrefix: prefix, onEvent: (e) => events.push(e), ...options });
      await snapshot.done;
      return snapshot;
    };
    const landed = async () => {
      const topics = sourceTopics<MysqlEntity>('mysql-snapshot', prefix);
      const bronze = bronzeSerde(client);
      const dlq = deadLetterSerde(client);
      const out = { categories: [] as BronzeRecords['categories'][], cities: [] as BronzeRecords['cities'][], deadLetters: [] as DeadLetter[] };
      for (const entity of MYSQL_ENTITIES) {
        await transport.readAll(topics.bronze(entity), async (batch) => {
          for (const r of batch) (out[entity] as BronzeRecords[MysqlEntity][]).push(await bronze.deserialize(entity, r.value!));
        });
        await transport.readAll(topics.deadLetters(entity), async (batch) => {
          for (const r of batch) out.deadLetters.push(await dlq.deserialize(entity, r.value!));
        });
      }
      return out;
    };
    return { events, load, landed };
  };

  it('loads categories and cities once through the bronze contract, with mysql lineage, and says it stands in for CDC', async () => {
    const t = setup();
    await t.load({ batchRows: 20 });
    const manifest = JSON.parse(readFileSync(join(dataset, 'expected/manifest.json'), 'utf8')) as { entities: Record<MysqlEntity, { good: number }> };
    const { categories, cities, deadLetters } = await t.landed();
    expect({ categories: categories.length, cities: cities.length, dlq: deadLetters.length }).toEqual({ categories: manifest.entities.categories.good, cities: manifest.entities.cities.good, dlq: 0 });
    expect(t.events.find((e) => e.kind === 'stand-in')).toMatchObject({ detail: expect.stringMatching(/stands in for change data capture/) as unknown });

    const third = cities.find((c) => c.city_id === 3)!;
    expect(third.lineage).toMatchObject({ source_kind: 'mysql', source_uri: 'operational.cities', source_position: 'snapshot row 3' });
    expect(cities.filter((c) => c.zipcode === null).length).toBeGreaterThan(0);
    const nameOf = new Map([...insertStatements(readFileSync(join(dataset, 'mysql/operational.sql'), 'utf8'), 'dump')].find((s) => s.table === 'categories')!.rows.map((r) => [Number(r.values[0]), r.values[1]]));
    for (const c of categories) expect(c.category_name).toBe(nameOf.get(c.category_id));
    assertNoDuplicates([...categories, ...cities], (r) => r.lineage.source_sequence);
  });

  it('loads nothing again on a second start; a changed dump is loaded as newer versions', async () => {
    const t = setup();
    await t.load();
    await t.load();
    expect(t.events.filter((e) => e.kind === 'table-unchanged').map((e) => 'table' in e && e.table)).toEqual(['categories', 'cities']);
    const first = await t.landed();
    expect(first.categories).toHaveLength(11);

    const changed = join(dataset, 'changed.sql');
    writeFileSync(changed, "INSERT INTO categories (CategoryID, CategoryName) VALUES (1,'Sweets'),(NULL,'Nameless');\nINSERT INTO orders (id) VALUES (1);\n");
    await t.load({ dump: changed, sourceName: 'mysql-operational' });
    const { categories, deadLetters } = await t.landed();
    const sweets = categories.find((c) => c.category_name === 'Sweets')!;
    expect(sweets.lineage.source_sequence).toBeGreaterThan(Math.max(...first.categories.map((c) => c.lineage.source_sequence)));
    expect(sweets.lineage.source_uri).toBe('changed.categories');
    expect(deadLetters.map((d) => [d.reason, d.source_position, d.raw.toString()])).toEqual([["missing-required: category_id is required but blank", 'snapshot row 2', "(NULL,'Nameless')"]]);
    expect(t.events.some((e) => e.kind === 'table-ignored' && e.table === 'orders')).toBe(true);
  });

  it('names a missing dump and a statement it cannot read', async () => {
    const t = setup();
    await expect(t.load({ dump: join(dataset, 'nowhere.sql') })).rejects.toThrow(MysqlSnapshotError);
    const broken = join(dataset, 'broken.sql');
    writeFileSync(broken, '-- header\nINSERT INTO cities (CityID, CityName) VALUES\n(1,\'A\'),\n(2 \'B\');\n');
    await expect(t.load({ dump: broken })).rejects.toThrow(/broken\.sql line 4: expected "," or "\)"/);
    // Cut short inside a value: named, not read as a dump without that statement.
    const truncated = join(dataset, 'truncated.sql');
    writeFileSync(truncated, "INSERT INTO categories (CategoryID, CategoryName) VALUES (1, 'fruit'), (2, 'veg\n");
    await expect(t.load({ dump: truncated })).rejects.toThrow(/truncated\.sql line 1: expected a closing quote/);
  });
});
