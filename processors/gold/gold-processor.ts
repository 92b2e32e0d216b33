import type { Client } from '@confluentinc/schemaregistry';
import type { SilverRecords } from '../../schemas/generated/silver-types.ts';
import { GOLD_TABLE_NAMES, layerContract, silverEntityContracts, type GoldTableName, type SilverEntity } from '../../schemas/layer-contracts.ts';
import { goldSerde, silverSerde } from '../../schemas/layer-serde.ts';
import { DerivedModels } from '../derived-model.ts';
import type { Processor, ProcessorContext } from '../runtime/processor.ts';
import { tally, TALLY_STORE } from '../tally.ts';
import { TouchedRows } from './gold-changes.ts';
import { GOLD_HANDLERS, type GoldInput } from './gold-handlers.ts';
import { GoldModel } from './gold-model.ts';
import { GOLD_KEYS } from './gold-rows.ts';
import { GOLD_STORES, goldStores, type GoldStores } from './gold-stores.ts';

export const GOLD_PROCESSOR = 'gold';

export interface GoldOptions {
  readonly registry: Client;
  /** Partitions of the gold topics when the processor creates them. */
  readonly partitions: number;
  /** Prefixes every topic read and written (tests and side-by-side runs); records keep their contracts' subjects. */
  readonly topicPrefix?: string;
}

/** What one batch built up: the stores it reads and writes, and the gold rows its records touched. */
interface GoldBatch {
  readonly stores: GoldStores;
  readonly touched: TouchedRows;
  readonly late: () => void;
}

/**
 * The gold processor: every conformed silver topic in (not the derived ones
 * such as silver.sales_enriched: gold joins for itself), every gold table out as
 * a keyed upsert stream (compacted; a tombstone deletes a row). One task holds all
 * partitions of its inputs, so the dimension stores are complete and joins are
 * lookups. Each silver record touches the gold rows it may change; at the end
 * of the batch (flush) only the rows whose value changed are sent, once each
 * however many of the batch's records changed them: a late dimension, a price
 * change, a newer version of a sale or a delete re-emits exactly the rows it corrects.
 */
export function goldProcessor(options: GoldOptions): Processor {
  const silver = silverSerde(options.registry);
  const gold = goldSerde(options.registry);
  const prefix = options.topicPrefix ?? '';
  const entityOf = new Map(silverEntityContracts().map((c) => [`${prefix}${c.topic}`, c.name]));
  const topicOf = new Map(GOLD_TABLE_NAMES.map((table) => [table, `${prefix}${layerContract('gold', table).topic}`]));
  const keyFieldOf = new Map(silverEntityContracts().map((c) => [c.name, c.keyFields[0]!]));
  const models = new DerivedModels(GoldModel.build);
  // One batch per context: the runtime makes a context per batch, and one that never reaches its flush (an aborted batch) is forgotten with it.
  const batches = new WeakMap<ProcessorContext, GoldBatch>();

  const decode = async <E extends SilverEntity>(entity: E, key: Buffer, value: Buffer | null) => {
    const keyRecord = (await silver.key.deserialize(entity, key)) as unknown as Record<string, string | number>;
    return { key: String(keyRecord[keyFieldOf.get(entity)!]), record: value === null ? null : await silver.value.deserialize(entity, value) };
  };

  const batchOf = (context: ProcessorContext): GoldBatch => {
    let batch = batches.get(context);
    if (batch === undefined) {
      const stores = goldStores(context);
      batches.set(context, (batch = { stores, touched: new TouchedRows(stores, models.of(stores)), late: () => tally(context, 'late') }));
    }
    return batch;
  };

  return {
    name: GOLD_PROCESSOR,
    inputs: [...entityOf.keys()],
    outputs: GOLD_TABLE_NAMES.map((table) => ({ name: topicOf.get(table)!, partitions: options.partitions, compacted: true })),
    stores: [...GOLD_STORES, TALLY_STORE],
    // Silver records are clean by contract: a record gold cannot take is a bug, and stops it.
    badRecords: 'fail',
    async process(record, context) {
      const entity = entityOf.get(record.topic);
      if (entity === undefined || record.key === null) return;
      const { key, record: value } = await decode(entity, record.key, record.value);
      const { stores, touched, late } = batchOf(context);
      const model = models.of(stores);
      touched.model = model;
      const handle = GOLD_HANDLERS[entity] as (input: GoldInput, key: string, record: SilverRecords[SilverEntity] | null) => void;
      models.apply(stores, model, () => handle({ stores, model, touched, late }, key, value));
    },
    async flush(context) {
      const batch = batches.get(context);
      if (batch === undefined) return;
      batches.delete(context);
      batch.touched.model = models.of(batch.stores);
      for (const change of batch.touched.changes()) {
        const table: GoldTableName = change.table;
        const keyBytes = await gold.key.serialize(table, GOLD_KEYS[table](change.key));
        const valueBytes = change.row === null ? null : await gold.value.serialize(table, change.row as never);
        context.send({ topic: topicOf.get(table)!, key: keyBytes, value: valueBytes });
      }
    },
  };
}
