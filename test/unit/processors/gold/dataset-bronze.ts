import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@confluentinc/schemaregistry';
import { readCsv } from '../../../../connectors/contract/csv-reader.ts';
import type { TabularEntity } from '../../../../connectors/contract/entity-columns.ts';
import { RowEncoder, type SourceRow } from '../../../../connectors/contract/row-encoder.ts';
import { sourceSerde } from '../../../../connectors/contract/source-serde.ts';
import { sourceTopics } from '../../../../connectors/contract/source-topics.ts';
import { cartToRecord } from '../../../../connectors/carts-source/cart-to-record.ts';
import type { Manifest } from '../../../../generator/manifest.ts';
import type { SourceKind } from '../../../../schemas/generated/bronze-types.ts';
import { bronzeKey, bronzeSerde } from '../../../../schemas/record-serde.ts';
import type { OutgoingRecord } from '../../../../transport/transport.ts';

/**
 * Test helper: a generated dataset's bronze records, one group per source
 * document in the order they arrive: the MariaDB snapshot, the blobs, the
 * landing files in the manifest's arrival order (late products and employees
 * after the first sales file), then the carts. CSV files and the snapshot's rows
 * go through the connectors' own contract code (RowEncoder: header mapping,
 * typing, dead letters, lineage), carts through the carts source's (cartToRecord)
 * from api/carts/carts.json. The MariaDB part stands in for the mysql-snapshot
 * connector until it exists.
 */
export async function datasetBronze(dir: string, manifest: Manifest, registry: Client, topicPrefix = ''): Promise<OutgoingRecord[][]> {
  const serde = sourceSerde(registry);
  const topics = sourceTopics('test-source', topicPrefix);
  const groups: OutgoingRecord[][] = [];
  const sequences = new Map<SourceKind, number>();
  const encode = async (kind: SourceKind, entity: TabularEntity, uri: string, rows: readonly SourceRow[]) => {
    const encoder = new RowEncoder(serde, topics, entity, { kind, uri, position: (line) => `line ${line}` }, null, sequences.get(kind) ?? 0);
    for (const row of rows) await encoder.add(row);
    sequences.set(kind, encoder.sequence);
    groups.push(encoder.out);
  };
  const sql = readFileSync(join(dir, 'mysql/operational.sql'), 'utf8');
  for (const entity of ['categories', 'cities'] as const) await encode('mysql', entity, `operational.${entity}`, sqlRows(sql, entity));
  for (const file of [...manifest.entities.countries.files, ...manifest.entities.customers.files, ...manifest.landingArrivalOrder]) {
    const entity = file.split('/').at(-1)!.replace(/-\d+\.csv$/, '') as TabularEntity;
    const chunk = readCsv(readFileSync(join(dir, file)), 0, 1, true);
    if (chunk.kind !== 'rows') throw new Error(`${file} is unreadable`);
    await encode(file.startsWith('landing/') ? 'file' : 'blob', entity, file, chunk.rows);
  }
  groups.push(await cartRecords(dir, registry, topics.bronze('carts')));
  return groups;
}

/** The header and rows of `INSERT INTO <table> (…) VALUES (…), …;`: strings unquoted, NULL blank. */
function sqlRows(sql: string, table: string): SourceRow[] {
  const insert = new RegExp(`INSERT INTO ${table} \\(([^)]*)\\) VALUES\\n([\\s\\S]*?);\\n`).exec(sql);
  if (insert === null) throw new Error(`no INSERT INTO ${table}`);
  const header = insert[1]!.split(',').map((c) => c.trim());
  const rows = [...insert[2]!.matchAll(/\(((?:'(?:[^']|'')*'|[^()'])*)\)/g)].map((m) => [...m[1]!.matchAll(/'((?:[^']|'')*)'|NULL|[^,]+/g)].map((v) => (v[0] === 'NULL' ? '' : (v[1]?.replaceAll("''", "'") ?? v[0].trim()))));
  return [header, ...rows].map((cells, i) => ({ cells, line: i + 1, raw: Buffer.from(cells.join(',')) }));
}

/** The carts of api/carts/carts.json, typed by the carts source's own contract code (cartToRecord). */
async function cartRecords(dir: string, registry: Client, topic: string): Promise<OutgoingRecord[]> {
  const { carts } = JSON.parse(readFileSync(join(dir, 'api/carts/carts.json'), 'utf8')) as { carts: unknown[] };
  const serde = bronzeSerde(registry);
  const ingestedAt = new Date();
  return Promise.all(
    carts.map(async (cart, i) => {
      const outcome = cartToRecord(cart, { source_kind: 'api', source_uri: 'api/carts/carts.json', source_position: `#${i + 1}`, source_sequence: i, ingested_at: ingestedAt });
      if (outcome.kind === 'rejected') throw new Error(`cart #${i + 1} refused: ${outcome.rule} ${outcome.field ?? ''}`);
      return { topic, key: bronzeKey('carts', outcome.record), value: await serde.serialize('carts', outcome.record) };
    }),
  );
}
