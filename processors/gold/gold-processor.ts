import type { Client } from '@confluentinc/schemaregistry';
import type { SilverRecords } from '../../schemas/generated/silver-types.ts';
import { GOLD_TABLE_NAMES, layerContract, layerContracts, type GoldTableName, type SilverEntity } from '../../schemas/layer-contracts.ts';
import { goldSerde, silverSerde } from '../../schemas/layer-serde.ts';
import type { Processor } from '../runtime/processor.ts';
import { tally, TALLY_STORE } from '../tally.ts';
import { TouchedRows } from './gold-changes.ts';
import { GOLD_HANDLERS, type GoldInput } from './gold-handlers.ts';
import { GoldModel } from './gold-model.ts';
import { GOLD_KEYS } from './gold-rows.ts';
import { GOLD_STORES, goldStores } from './gold-stores.ts';

export const GOLD_PROCESSOR = 'gold';

export interface GoldOptions {
  readonly registry: Client;
  /** Partitions of the gold topics when the processor creates them. */
  readonly partitions: number;
  /** Prefixes every topic read and written (tests and side-by-side runs); records keep their contracts' subjects. */
  readonly topicPrefix?: string;
}

/**
 * The gold processor: every silver topic in, every gold table out as a keyed
 * upsert stream (compacted; a tombstone deletes a row). One task holds all
 * partitions of its inputs, so the dimension stores are complete and joins are
 * lookups. Each silver record touches the gold rows it may change, and only the
 * rows whose value changed are sent: a late dimension, a price change, a newer
 * version of a sale or a delete re-emits exactly the rows it corrects.
 */
export function goldProcessor(options: GoldOptions): Processor {
  const silver = silverSerde(options.registry);
  const gold = goldSerde(options.registry);
  const prefix = options.topicPrefix ?? '';
  const entityOf = new Map(layerContracts('silver').map((c) => [`${prefix}${c.topic}`, c.name]));
  // One model per run's stores: a processor value run twice (a replay beside the live run) keeps them apart.
  const models = new WeakMap<object, GoldModel>();

  const decode = async <E extends SilverEntity>(entity: E, key: Buffer, value: Buffer | null) => {
    const keyRecord = (await silver.key.deserialize(entity, key)) as unknown as Record<string, string | number>;
    const [keyField] = layerContract('silver', entity).keyFields as [string];
    return { key: String(keyRecord[keyField]), record: value === null ? null : await silver.value.deserialize(entity, value) };
  };

  return {
    name: GOLD_PROCESSOR,
    inputs: [...entityOf.keys()],
    outputs: GOLD_TABLE_NAMES.map((table) => ({ name: `${prefix}${layerContract('gold', table).topic}`, partitions: options.partitions, compacted: true })),
    stores: [...GOLD_STORES, TALLY_STORE],
    // Silver records are clean by contract: a record gold cannot take is a bug, and stops it.
    badRecords: 'fail',
    async process(record, context) {
      const entity = entityOf.get(record.topic);
      if (entity === undefined || record.key === null) return;
      const { key, record: value } = await decode(entity, record.key, record.value);
      const stores = goldStores(context);
      const applied = stores.meta.get('applied') ?? 0;
      let model = models.get(stores.meta);
      if (model?.applied !== applied) models.set(stores.meta, (model = GoldModel.build(stores)));
      model.applied = NaN;
      const touched = new TouchedRows(stores, model);
      const handle = GOLD_HANDLERS[entity] as (input: GoldInput, key: string, record: SilverRecords[SilverEntity] | null) => void;
      handle({ stores, model, touched, late: () => tally(context, 'late') }, key, value);
      for (const change of touched.changes()) {
        const table: GoldTableName = change.table;
        const keyBytes = await gold.key.serialize(table, GOLD_KEYS[table](change.key));
        const valueBytes = change.row === null ? null : await gold.value.serialize(table, change.row as never);
        context.send({ topic: `${prefix}${layerContract('gold', table).topic}`, key: keyBytes, value: valueBytes });
      }
      stores.meta.put('applied', applied + 1);
      model.applied = applied + 1;
    },
  };
}
