import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@confluentinc/schemaregistry';
import { expect } from 'vitest';
import { pgCsvField } from '../../../../generator/csv-text.ts';
import { pgTimestamp } from '../../../../generator/value-format.ts';
import { CLEAN_TABLES } from '../../../../generator/clean-tables.ts';
import { GOLD_TABLE_NAMES, layerContract, type GoldTableName, type SilverEntity } from '../../../../schemas/layer-contracts.ts';
import { goldSerde, silverSerde } from '../../../../schemas/layer-serde.ts';
import type { Transport } from '../../../../transport/transport.ts';

/**
 * Test helper: a gold topic as the table an upsert sink would hold (latest value
 * per key, tombstones delete), written as expected/gold/<table>.csv is:
 * PostgreSQL's COPY CSV text, header first, rows sorted by key in byte order.
 */
export async function goldTableCsv(transport: Transport, registry: Client, table: GoldTableName, topicPrefix = ''): Promise<string> {
  const contract = layerContract('gold', table);
  const serde = goldSerde(registry);
  const rows = (await Promise.all((await latestValues(transport, `${topicPrefix}${contract.topic}`)).map((value) => serde.value.deserialize(table, value)))) as unknown as Record<string, unknown>[];
  const fields = contract.schema.fields.map((f) => f.name);
  const lines = rows.map((row) => ({
    sortKey: contract.keyFields.map((k) => sortText(row[k])),
    line: fields.map((f) => pgCsvField(text(row[f]))).join(','),
  }));
  lines.sort((a, b) => compareKeys(a.sortKey, b.sortKey));
  return [fields.join(','), ...lines.map((l) => l.line)].join('\n') + '\n';
}

/** Test assertion: every gold topic, as an upsert sink holds it, equals the dataset's expected/gold/<table>.csv. */
export async function expectExpectedGold(transport: Transport, registry: Client, datasetDir: string, topicPrefix = ''): Promise<void> {
  for (const table of GOLD_TABLE_NAMES) {
    expect(await goldTableCsv(transport, registry, table, topicPrefix), table).toBe(readFileSync(join(datasetDir, 'expected/gold', `${table}.csv`), 'utf8'));
  }
}

/**
 * Test helper: a silver topic as the clean.<entity> table (latest value per key,
 * the CLEAN_TABLES columns), as expected/clean/<entity>.csv writes it, in no particular row order.
 */
export async function silverTableCsv(transport: Transport, registry: Client, entity: SilverEntity, topicPrefix = ''): Promise<string> {
  const serde = silverSerde(registry);
  const rows = (await Promise.all((await latestValues(transport, `${topicPrefix}${layerContract('silver', entity).topic}`)).map((value) => serde.value.deserialize(entity, value)))) as unknown as Record<string, unknown>[];
  const columns = CLEAN_TABLES[entity].columns.map(([name]) => name);
  const lines = rows.map((row) => columns.map((c) => pgCsvField(text(row[c]))).join(','));
  return [columns.join(','), ...lines].join('\n') + '\n';
}

/** The latest value of every key of a topic; a tombstone deletes its key. */
export async function latestValues(transport: Transport, topic: string): Promise<Buffer[]> {
  const latest = new Map<string, Buffer>();
  await transport.readAll(topic, (batch) => {
    for (const record of batch) {
      const id = record.key!.toString('hex');
      if (record.value === null) latest.delete(id);
      else latest.set(id, record.value);
    }
  });
  return [...latest.values()];
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return pgTimestamp(value.getTime());
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value);
}

/** Numbers compare as numbers, text in byte order (COLLATE "C"). */
function sortText(value: unknown): number | string {
  return typeof value === 'number' ? value : String(value);
}

function compareKeys(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return Buffer.compare(Buffer.from(String(x)), Buffer.from(String(y)));
  }
  return 0;
}
