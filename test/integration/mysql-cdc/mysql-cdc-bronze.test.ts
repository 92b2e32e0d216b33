import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bronzeContract } from '../../../schemas/bronze-contracts.ts';
import { medallion, TestConnectorFolder } from '../connectors/connectors-kit.ts';
import { CdcPipeline, versionsOf } from './cdc-pipeline.ts';
import { OperationalDatabase } from './operational-database.ts';

// The requirement: a change in MariaDB is in bronze within 5 seconds.
const CHANGE_DEADLINE_MS = 5000;

describe('MariaDB into bronze through Debezium and the CDC adapter', () => {
  const database = new OperationalDatabase();
  const folder = new TestConnectorFolder('cdc-bronze');
  let pipeline: CdcPipeline;

  beforeAll(async () => {
    await database.create();
    await database.query("INSERT INTO categories VALUES (1, 'Bakery'), (2, 'Dairy'), (3, 'Seafood')");
    await database.query("INSERT INTO cities VALUES (10, 'Lyon', '69001', 3), (11, 'Oslo', NULL, 4)");
    folder.write();
    const applied = await medallion(['connectors', 'apply', '--dir', folder.dir], { MEDALLION_MYSQL_URL: database.url() });
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    pipeline = await CdcPipeline.start(database.name, folder.changeTopicPrefix);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await folder.remove();
    await database.drop();
  });

  it('lands the snapshot of both tables under the bronze contract, with lineage', async () => {
    expect(await pipeline.until('categories', 60_000, (entries) => entries.length >= 3)).toBe(true);
    expect(await pipeline.until('cities', 10_000, (entries) => entries.length >= 2)).toBe(true);
    const categories = await pipeline.entries('categories');
    expect(categories.map((entry) => ('record' in entry ? [entry.key, entry.record.category_name] : [entry.key]))).toEqual([
      ['1', 'Bakery'],
      ['2', 'Dairy'],
      ['3', 'Seafood'],
    ]);
    for (const entry of [...categories, ...(await pipeline.entries('cities'))]) {
      if (!('record' in entry)) throw new Error(`a snapshot row became a delete: ${entry.key}`);
      expect(entry.record.lineage).toMatchObject({ source_kind: 'mysql', source_position: expect.stringMatching(/^mariadb-bin\.\d+:\d+ snapshot$/) });
    }
    const oslo = versionsOf(await pipeline.entries('cities'), '11')[0];
    expect(oslo).toMatchObject({ city_id: 11, city_name: 'Oslo', zipcode: null, country_id: 4, extras: {}, lineage: { source_uri: `${database.name}.cities` } });
    expect(bronzeContract('cities').type.isValid(oslo)).toBe(true);
  });

  it('carries an INSERT, an UPDATE and a DELETE into bronze within 5 seconds each, in order', async () => {
    await pipeline.until('categories', 60_000, (entries) => entries.length >= 3);

    await database.query("INSERT INTO categories VALUES (4, 'Tea')");
    expect(await pipeline.until('categories', CHANGE_DEADLINE_MS, (entries) => versionsOf(entries, '4').length === 1)).toBe(true);

    await database.query("UPDATE categories SET CategoryName = 'Bread' WHERE CategoryID = 1");
    expect(await pipeline.until('categories', CHANGE_DEADLINE_MS, (entries) => versionsOf(entries, '1').length === 2)).toBe(true);

    await database.query('DELETE FROM categories WHERE CategoryID = 2');
    expect(await pipeline.until('categories', CHANGE_DEADLINE_MS, (entries) => versionsOf(entries, '2').length === 2)).toBe(true);

    const entries = await pipeline.entries('categories');
    expect(versionsOf(entries, '1').map((r) => r?.category_name)).toEqual(['Bakery', 'Bread']);
    expect(versionsOf(entries, '2').map((r) => r?.category_name ?? null)).toEqual(['Dairy', null]);
    const deleted = entries.find((entry) => entry.key === '2' && 'deleted' in entry);
    expect(deleted !== undefined && 'deleted' in deleted ? deleted.deleted : undefined).toMatchObject({ source_kind: 'mysql', source_position: expect.stringMatching(/^mariadb-bin\.\d+:\d+$/) });
    // Among the versions of a key, the later has the higher source_sequence.
    const sequences = entries.map((entry) => ('record' in entry ? entry.record.lineage.source_sequence : entry.deleted.source_sequence));
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
  });

  it('puts a column added to the source table into extras', async () => {
    await database.query('ALTER TABLE cities ADD COLUMN Population INT NULL');
    await database.query("INSERT INTO cities VALUES (12, 'Porto', '4000', 5, 231800)");
    expect(await pipeline.until('cities', 30_000, (entries) => versionsOf(entries, '12').length === 1)).toBe(true);
    expect(versionsOf(await pipeline.entries('cities'), '12')[0]).toMatchObject({ city_id: 12, city_name: 'Porto', zipcode: '4000', country_id: 5, extras: { Population: '231800' } });
  });
});
