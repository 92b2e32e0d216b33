import { randomBytes } from 'node:crypto';
import type { Client } from '@confluentinc/schemaregistry';
import type pg from 'pg';
import { syntheticFactSale } from '../../../bench/fact-sales.ts';
import { recordSerde } from '../../../schemas/record-serde.ts';
import { embeddedRegistry } from '../../../schemas/embedded-registry.ts';
import { WAREHOUSE_DLQ_TOPIC } from '../../../schemas/dlq-contract.ts';
import type { DeadLetter } from '../../../schemas/generated/bronze-types.ts';
import type { GoldFactSales, GoldKeys, GoldRecords } from '../../../schemas/generated/gold-types.ts';
import { goldSerde, silverSerde } from '../../../schemas/layer-serde.ts';
import type { SilverKeys, SilverRecords } from '../../../schemas/generated/silver-types.ts';
import { layerContracts } from '../../../schemas/layer-contracts.ts';
import { InProcessTransport } from '../../../transport/in-process/in-process-transport.ts';
import type { OutgoingRecord, Transport } from '../../../transport/transport.ts';
import { migrateWarehouse } from '../../../warehouse/migrate.ts';
import type { SinkEvent } from '../../../warehouse/sink/sink-events.ts';
import type { WarehouseSinkOptions } from '../../../warehouse/sink/sink-options.ts';
import { startWarehouseSink, type WarehouseSink } from '../../../warehouse/sink/warehouse-sink.ts';
import { scratchWarehouse, type ScratchWarehouse } from '../../../stack/scratch-warehouse.ts';

export const PARTITIONS = 3;

/** A change to produce: a gold or silver record of a table, or its tombstone (value null). */
export type Change =
  | { readonly [T in keyof GoldRecords]: { readonly gold: T; readonly key: GoldKeys[T]; readonly value: GoldRecords[T] | null } }[keyof GoldRecords]
  | { readonly [E in keyof SilverRecords]: { readonly silver: E; readonly key: SilverKeys[E]; readonly value: SilverRecords[E] | null } }[keyof SilverRecords];

/**
 * A migrated warehouse (by default a scratch database on the stack's), a transport (by default in-process) with every
 * silver and gold topic, a registry (by default the embedded one), and sinks that report into `events`.
 */
export interface SinkHarness {
  readonly warehouse: ScratchWarehouse;
  readonly writer: pg.Client;
  readonly transport: Transport;
  readonly registry: Client;
  readonly events: SinkEvent[];
  readonly sinkName: string;
  produce(changes: readonly Change[]): Promise<void>;
  startSink(options?: Partial<WarehouseSinkOptions>): Promise<WarehouseSink>;
  deadLetters(): Promise<DeadLetter[]>;
  close(): Promise<void>;
}

export async function sinkHarness(transport: Transport = new InProcessTransport(), warehouse?: ScratchWarehouse, registry?: Client): Promise<SinkHarness> {
  warehouse ??= await scratchWarehouse();
  const writer = await warehouse.connect('writer');
  await migrateWarehouse(await warehouse.connect('owner'));
  registry ??= await embeddedRegistry();
  const topics = [...layerContracts('silver'), ...layerContracts('gold')].map((c) => ({ name: c.topic, partitions: PARTITIONS }));
  await transport.ensureTopics(topics);
  const gold = goldSerde(registry);
  const silver = silverSerde(registry);
  const producer = await transport.producer(`test-producer-${randomBytes(4).toString('hex')}`);
  const sinks: WarehouseSink[] = [];
  const events: SinkEvent[] = [];
  const sinkName = `sink-${randomBytes(4).toString('hex')}`;

  const encode = async (change: Change): Promise<OutgoingRecord> => {
    if ('gold' in change) {
      const { gold: table, key, value } = change as { gold: keyof GoldRecords; key: GoldKeys[keyof GoldKeys]; value: GoldRecords[keyof GoldRecords] | null };
      return { topic: `gold.${table}`, key: await gold.key.serialize(table, key), value: value === null ? null : await gold.value.serialize(table, value) };
    }
    const { silver: entity, key, value } = change as { silver: keyof SilverRecords; key: SilverKeys[keyof SilverKeys]; value: SilverRecords[keyof SilverRecords] | null };
    return { topic: `silver.${entity}`, key: await silver.key.serialize(entity, key), value: value === null ? null : await silver.value.serialize(entity, value) };
  };

  return {
    warehouse,
    writer,
    transport,
    registry,
    events,
    sinkName,
    async produce(changes) {
      const records = await Promise.all(changes.map(encode));
      await producer.transaction((tx) => tx.send(records));
    },
    async startSink(options = {}) {
      const sink = await startWarehouseSink({ transport, registry, warehouseUrl: warehouse.url('writer'), name: sinkName, maxBatch: 50, pollMs: 20, onEvent: (e) => events.push(e), ...options });
      sinks.push(sink);
      return sink;
    },
    async deadLetters() {
      const serde = recordSerde<{ warehouse: DeadLetter }>(registry, { warehouse: WAREHOUSE_DLQ_TOPIC });
      const letters: DeadLetter[] = [];
      await transport.readAll(WAREHOUSE_DLQ_TOPIC, async (batch) => {
        for (const record of batch) letters.push(await serde.deserialize('warehouse', record.value!));
      });
      return letters;
    },
    async close() {
      // The warehouse goes whatever the sinks did: a private one is a server of its own, left running otherwise.
      try {
        await Promise.allSettled(sinks.map((s) => s.stop()));
        await producer.close();
        await transport.close();
      } finally {
        await warehouse.drop();
      }
    },
  };
}

/** A valid fact_sales record, number `i`, with overrides. */
export function factSale(i: number, overrides: Partial<GoldFactSales> = {}): GoldFactSales {
  return { ...syntheticFactSale(i), ...overrides };
}

export function factSaleChange(sale: GoldFactSales): Change {
  return { gold: 'fact_sales', key: { sale_id: sale.sale_id }, value: sale };
}

/** gold.fact_sales as the sink should have written `sale`: every column as text, sold_at as ISO. */
export function factSaleRow(sale: GoldFactSales): Record<string, string | null> {
  return {
    sale_id: sale.sale_id,
    channel: sale.channel,
    order_id: sale.order_id,
    sold_at: sale.sold_at.toISOString(),
    sale_date: sale.sale_date,
    customer_id: String(sale.customer_id),
    employee_id: sale.employee_id === null ? null : String(sale.employee_id),
    product_id: String(sale.product_id),
    quantity: String(sale.quantity),
    unit_price: sale.unit_price,
    discount: sale.discount,
    net_amount: sale.net_amount,
  };
}

/** gold.fact_sales in the same text form, by sale_id. */
export async function factSalesRows(client: pg.ClientBase): Promise<Record<string, string | null>[]> {
  const { rows } = await client.query<Record<string, string | null>>(`
    SELECT sale_id, channel, order_id, to_char(sold_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS sold_at, sale_date::text,
           customer_id::text, employee_id::text, product_id::text, quantity::text, unit_price::text, discount::text, net_amount::text
    FROM gold.fact_sales ORDER BY sale_id COLLATE "C"`);
  return rows;
}

/** The rows the sink should leave: the latest version per sale_id, tombstoned ones gone, ordered like factSalesRows. */
export function expectedFactSales(changes: readonly Change[]): Record<string, string | null>[] {
  const latest = new Map<string, GoldFactSales | null>();
  for (const change of changes) if ('gold' in change && change.gold === 'fact_sales') latest.set(change.key.sale_id, change.value as GoldFactSales | null);
  return [...latest.values()]
    .filter((s): s is GoldFactSales => s !== null)
    .sort((a, b) => (a.sale_id < b.sale_id ? -1 : a.sale_id > b.sale_id ? 1 : 0))
    .map(factSaleRow);
}
