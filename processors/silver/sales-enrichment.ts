import type { SilverRecords } from '../../schemas/generated/silver-types.ts';
import { layerContract, silverEntityContracts, type SilverEntity } from '../../schemas/layer-contracts.ts';
import { silverSerde } from '../../schemas/layer-serde.ts';
import { DerivedModels } from '../derived-model.ts';
import type { Processor, ProcessorContext } from '../runtime/processor.ts';
import { enrichedRecord } from './enriched-sale.ts';
import { ENRICHMENT_HANDLERS, type EnrichmentInput } from './enrichment-handlers.ts';
import { EnrichmentModel } from './enrichment-model.ts';
import { ENRICHMENT_STORES, enrichmentStores, type EnrichmentStores } from './enrichment-stores.ts';
import type { SilverOptions } from './silver-processor.ts';
import { TouchedSales } from './touched-sales.ts';

export const SALES_ENRICHMENT_PROCESSOR = 'silver-sales-enriched';

/** What one batch built up: the stores it reads and writes, and the sales its records touched. */
interface EnrichmentBatch {
  readonly stores: EnrichmentStores;
  readonly touched: TouchedSales;
}

/**
 * The sales enrichment, a foreign-key join: silver.sales and the six conformed
 * dimension topics in, silver.sales_enriched out (keyed by sale_id, compacted).
 * One task holds all partitions of its inputs, so the dimension stores are
 * complete and the joins are lookups. A sale is emitted when it arrives, with
 * nulls and `missing` for the dimensions not known yet; re-emitted when a
 * dimension it shows arrives, changes or is deleted; and tombstoned when it is
 * deleted. Each touched sale goes out once per batch (flush), and only when its
 * enriched value changed, so nothing is lost and, once every dimension has come,
 * nothing stays unenriched.
 */
export function salesEnrichmentProcessor(options: SilverOptions): Processor {
  const serde = silverSerde(options.registry);
  const prefix = options.topicPrefix ?? '';
  const output = `${prefix}${layerContract('silver', 'sales_enriched').topic}`;
  const inputOf = new Map(silverEntityContracts().map((c) => [`${prefix}${c.topic}`, { entity: c.name, keyField: c.keyFields[0]! }]));
  const models = new DerivedModels(EnrichmentModel.build);
  // One batch per context: the runtime makes a context per batch, and one that never reaches its flush (an aborted batch) is forgotten with it.
  const batches = new WeakMap<ProcessorContext, EnrichmentBatch>();

  const batchOf = (context: ProcessorContext): EnrichmentBatch => {
    let batch = batches.get(context);
    if (batch === undefined) {
      const stores = enrichmentStores(context);
      batches.set(context, (batch = { stores, touched: new TouchedSales(stores) }));
    }
    return batch;
  };

  return {
    name: SALES_ENRICHMENT_PROCESSOR,
    inputs: [...inputOf.keys()],
    outputs: [{ name: output, partitions: options.partitions, compacted: true }],
    stores: [...ENRICHMENT_STORES],
    // Silver records are clean by contract: a record the join cannot take is a bug, and stops it.
    badRecords: 'fail',
    async process(record, context) {
      const input = inputOf.get(record.topic);
      if (input === undefined || record.key === null) return;
      const keyRecord = (await serde.key.deserialize(input.entity, record.key)) as unknown as Record<string, string | number>;
      const value = record.value === null ? null : await serde.value.deserialize(input.entity, record.value);
      const { stores, touched } = batchOf(context);
      const model = models.of(stores);
      const handle = ENRICHMENT_HANDLERS[input.entity] as (input: EnrichmentInput, key: string, record: SilverRecords[SilverEntity] | null) => void;
      models.apply(stores, model, () => handle({ stores, model, touched }, String(keyRecord[input.keyField]), value));
    },
    async flush(context) {
      const batch = batches.get(context);
      if (batch === undefined) return;
      batches.delete(context);
      for (const [saleId, view] of batch.touched.changes()) {
        const key = await serde.key.serialize('sales_enriched', { sale_id: saleId });
        context.send({ topic: output, key, value: view === null ? null : await serde.value.serialize('sales_enriched', enrichedRecord(saleId, view)) });
      }
    },
  };
}
