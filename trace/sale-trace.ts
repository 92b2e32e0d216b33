import type { Client } from '@confluentinc/schemaregistry';
import { ORIGIN_HEADER } from '../processors/silver/silver-origin.ts';
import { bronzeContract } from '../schemas/bronze-contracts.ts';
import type { BronzeRecords, Lineage } from '../schemas/generated/bronze-types.ts';
import { layerContract } from '../schemas/layer-contracts.ts';
import { silverSerde } from '../schemas/layer-serde.ts';
import { bronzeSerde } from '../schemas/record-serde.ts';
import type { StoredRecord, Transport } from '../transport/transport.ts';
import { keyRecords } from './key-records.ts';
import { plainRecord, type PlainRecord } from './plain-record.ts';
import { TraceError } from './trace-error.ts';

/** The warehouse side of a trace; absent where no warehouse answers. */
export interface GoldRows {
  /** The table's row of the key, or undefined when it has none. */
  row(table: string, keyColumn: string, key: string): Promise<PlainRecord | undefined>;
  /** A few keys the table holds, for the message of a key it does not. */
  examples(table: string, keyColumn: string): Promise<readonly string[]>;
  /**
   * `SELECT <columns> FROM gold.<table> WHERE <where> <tail>`: every fragment from
   * the trace's own catalog, never from the user, whose values are the $n params.
   */
  select(table: string, columns: string, where: string, params: readonly unknown[], tail?: string): Promise<readonly PlainRecord[]>;
}

export interface TraceSources {
  readonly transport: Transport;
  readonly registry: Client;
  readonly gold?: GoldRows;
  /** As the pipeline's topicPrefix (side-by-side runs, tests); default none. */
  readonly topicPrefix?: string;
}

export const VERSION_STATUSES = ['winner', 'superseded', 'deleted'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** One bronze record behind a sale: where the source wrote it, and whether silver took it. */
export interface SourceVersion {
  /** topic/partition/offset of the bronze record. */
  readonly bronze: string;
  readonly sourceKind: Lineage['source_kind'];
  readonly sourceUri: string;
  /** e.g. "line 17", or for a cart's line "skip=30 #4, line 2 of the cart". */
  readonly sourcePosition: string;
  readonly sequence: number;
  readonly ingestedAt: string;
  readonly status: VersionStatus;
  /** The sale's values as this version has them (a cart: the sale's line). */
  readonly values: PlainRecord | null;
}

export interface SaleTrace {
  readonly table: 'fact_sales';
  readonly key: string;
  /** The warehouse's row; null when it has none (yet) or did not answer, undefined when no warehouse was asked. */
  readonly gold?: PlainRecord | null;
  /** Why the warehouse's row is missing when the warehouse did not answer (the topics still tell the rest). */
  readonly warehouse?: string;
  /** The latest silver record of the sale and the bronze record it was built from. */
  readonly silver: { readonly at: string; readonly origin: string | null; readonly values: PlainRecord | null } | null;
  /** Every bronze version of the sale's source key, oldest first. */
  readonly versions: readonly SourceVersion[];
  /** What was read to find them: only the partitions the keys hash to. */
  readonly read: readonly { readonly topic: string; readonly partition: number; readonly records: number }[];
  /** How the winner was told: by silver's origin header, or (silver not there) by the highest source sequence. */
  readonly winnerBy: 'silver-origin' | 'source-sequence';
}

const SALE_KEY = /^(?:store-(\d+)|online-(\d+)-(\d+))$/;

/** Where a sale id's source records are: the bronze entity, its key, and for a cart line its product. */
export function sourceOf(saleId: string): { entity: 'sales' | 'carts'; key: string; product?: number } {
  const match = SALE_KEY.exec(saleId);
  if (match === null) {
    throw new TraceError('bad-key', `"${saleId}" is not a sale id of gold.fact_sales`, "give a sale_id as the table holds it: store-<SalesID> (e.g. store-17) or online-<cart id>-<product id> (e.g. online-3-44)");
  }
  return match[1] !== undefined ? { entity: 'sales', key: match[1] } : { entity: 'carts', key: match[2]!, product: Number(match[3]) };
}

/** The warehouse's row, or why it could not be read: a warehouse that is down or not migrated leaves the topics' answer standing. */
async function goldRow(gold: GoldRows | undefined, table: string, keyColumn: string, key: string): Promise<{ row?: PlainRecord; unavailable?: string } | undefined> {
  if (gold === undefined) return undefined;
  try {
    const row = await gold.row(table, keyColumn, key);
    return row === undefined ? {} : { row };
  } catch (error) {
    return { unavailable: `the warehouse did not answer for gold.${table}: ${(error as Error).message}` };
  }
}

const at = (r: StoredRecord): string => `${r.topic}/${r.partition}/${r.offset}`;

/**
 * The sources of one row of gold.fact_sales: its silver sale, and every bronze
 * version of its source key (a store sale's SalesID, an online sale's cart) with
 * the file and line, blob, binlog position or API page each came from — the one
 * silver was built from marked the winner, older ones superseded. Reads only the
 * partitions the sale's keys hash to.
 */
export async function traceSale(sources: TraceSources, saleId: string): Promise<SaleTrace> {
  const source = sourceOf(saleId);
  const prefix = sources.topicPrefix ?? '';
  const silverTopic = `${prefix}${layerContract('silver', 'sales').topic}`;
  const bronzeTopic = `${prefix}${bronzeContract(source.entity).topic}`;
  const silver = silverSerde(sources.registry);
  const bronze = bronzeSerde(sources.registry);

  const [silverFound, bronzeFound, gold] = await Promise.all([
    keyRecords(sources.transport, silverTopic, await silver.key.serialize('sales', { sale_id: saleId })),
    keyRecords(sources.transport, bronzeTopic, Buffer.from(source.key, 'utf8')),
    goldRow(sources.gold, 'fact_sales', 'sale_id', saleId),
  ]);
  const latestSilver = silverFound.records.at(-1);
  const origin = latestSilver?.headers[ORIGIN_HEADER] ?? null;

  const winnerBy = origin === null ? 'source-sequence' : 'silver-origin';
  const versions = await bronzeVersions(bronze, source, bronzeFound.records, winnerBy === 'silver-origin' ? (record) => origin === at(record) : undefined, latestSilver?.value === null);

  if (gold?.row === undefined && latestSilver === undefined && versions.length === 0) {
    const examples = (await sources.gold?.examples('fact_sales', 'sale_id').catch(() => [])) ?? [];
    throw new TraceError(
      'unknown-key',
      `sale ${saleId} is not in gold.fact_sales, nor in ${silverTopic} (partition ${silverFound.partition}, ${silverFound.scanned} records read) or ${bronzeTopic} (partition ${bronzeFound.partition}, ${bronzeFound.scanned} records read)`,
      examples.length > 0 ? `trace a sale the table holds, e.g. ${examples.join(', ')}` : 'trace a sale the pipeline has landed (the table is empty: run the pipeline first)',
    );
  }
  return {
    table: 'fact_sales',
    key: saleId,
    ...(gold === undefined ? {} : { gold: gold.row ?? null }),
    ...(gold?.unavailable === undefined ? {} : { warehouse: gold.unavailable }),
    silver: latestSilver === undefined ? null : { at: at(latestSilver), origin, values: latestSilver.value === null ? null : plainRecord(await silver.value.deserialize('sales', latestSilver.value)) },
    versions,
    read: [
      { topic: silverTopic, partition: silverFound.partition, records: silverFound.scanned },
      { topic: bronzeTopic, partition: bronzeFound.partition, records: bronzeFound.scanned },
    ],
    winnerBy,
  };
}

/**
 * The bronze versions of a sale's source key, oldest first: the one `isWinner`
 * names (silver's origin), or without it the highest source sequence, marked the
 * winner (deleted when silver's latest is a tombstone), the others superseded.
 */
export async function bronzeVersions(
  bronze: ReturnType<typeof bronzeSerde>,
  source: ReturnType<typeof sourceOf>,
  records: readonly StoredRecord[],
  isWinner: ((record: StoredRecord) => boolean) | undefined,
  deleted: boolean,
): Promise<SourceVersion[]> {
  const decoded = await Promise.all(records.map(async (record) => ({ record, value: record.value === null ? null : await bronze.deserialize(source.entity, record.value) })));
  const highest = Math.max(-1, ...decoded.flatMap((d) => (d.value === null ? [] : [d.value.lineage.source_sequence])));
  return decoded.flatMap(({ record, value }): SourceVersion[] => {
    if (value === null) return [];
    const { lineage } = value;
    const winner = isWinner === undefined ? lineage.source_sequence === highest : isWinner(record);
    const line = saleValues(source, value);
    return [
      {
        bronze: at(record),
        sourceKind: lineage.source_kind,
        sourceUri: lineage.source_uri,
        sourcePosition: line.position === undefined ? lineage.source_position : `${lineage.source_position}, ${line.position}`,
        sequence: lineage.source_sequence,
        ingestedAt: lineage.ingested_at.toISOString(),
        status: winner ? (deleted ? 'deleted' : 'winner') : 'superseded',
        values: line.values,
      },
    ];
  });
}

/** The sale as a bronze version holds it: a store sale's fields, or the cart's line of the product. */
function saleValues(source: ReturnType<typeof sourceOf>, value: BronzeRecords['sales'] | BronzeRecords['carts']): { values: PlainRecord | null; position?: string } {
  if (!('lines' in value)) {
    const { sales_id, sales_person_id, customer_id, product_id, quantity, discount, total_price, sales_date, transaction_number } = value;
    return { values: plainRecord({ sales_id, sales_person_id, customer_id, product_id, quantity, discount, total_price, sales_date, transaction_number }) };
  }
  const index = value.lines.findIndex((l) => l.product_id === source.product);
  if (index < 0) return { values: null, position: `no line of product ${source.product} in this version of the cart` };
  return { values: plainRecord({ cart_id: value.cart_id, user_id: value.user_id, created_at: value.created_at, ...value.lines[index]! }), position: `line ${index + 1} of the cart` };
}
