import type { Client } from '@confluentinc/schemaregistry';
import { bronzeContract, type BronzeEntity } from '../../schemas/bronze-contracts.ts';
import { DELETE_LINEAGE_HEADER } from '../mysql-cdc/mysql-cdc-processor.ts';
import type { BronzeRecords, Lineage } from '../../schemas/generated/bronze-types.ts';
import type { SilverKeys, SilverRecords } from '../../schemas/generated/silver-types.ts';
import { layerContract, type SilverEntity } from '../../schemas/layer-contracts.ts';
import { silverSerde } from '../../schemas/layer-serde.ts';
import { bronzeSerde } from '../../schemas/record-serde.ts';
import type { StoredRecord } from '../../transport/transport.ts';
import type { Processor, ProcessorContext } from '../runtime/processor.ts';
import { tally, TALLY_STORE } from '../tally.ts';
import { dedupeVerdict, DELETED_FINGERPRINT, fingerprint, type LatestVersion } from './dedupe.ts';
import { originHeaders } from './silver-origin.ts';

/** How one bronze entity becomes silver records: one (a dimension, a store sale) or several (a cart's lines). */
export interface SilverSpec<B extends BronzeEntity, S extends SilverEntity> {
  readonly bronze: B;
  readonly silver: S;
  /** Types and cleans a bronze record; throws RecordRuleError for a record that breaks a silver rule. */
  clean(record: BronzeRecords[B]): readonly SilverRecords[S][];
}

export interface SilverOptions {
  readonly registry: Client;
  /** Partitions of the silver topic when the processor creates it. */
  readonly partitions: number;
  /** Prefixes every topic read and written (tests and side-by-side runs); records keep their contracts' subjects. */
  readonly topicPrefix?: string;
}

const DEDUPE_STORE = 'latest';

/** The silver processor of a bronze entity: `silver-<entity>`. */
export function silverProcessorName(entity: BronzeEntity): string {
  return `silver-${entity}`;
}

/**
 * A silver processor: bronze.<entity> → silver.<entity>, keyed by the silver key
 * as an Avro record. Deduplicates latest-wins per bronze key (./dedupe.ts),
 * carries a bronze tombstone (a delete; its lineage, when it has one, orders it
 * among the key's versions) as tombstones of every silver key the bronze key
 * wrote, and tags every record it sends with its bronze origin
 * (./silver-origin.ts) so reconciliation can count bronze records in silver.
 */
export function silverProcessor<B extends BronzeEntity, S extends SilverEntity>(spec: SilverSpec<B, S>, options: SilverOptions): Processor {
  const input = bronzeContract(spec.bronze);
  const output = layerContract('silver', spec.silver);
  const prefix = options.topicPrefix ?? '';
  const [keyField] = output.keyFields as [keyof SilverRecords[S] & keyof SilverKeys[S] & string];
  const bronze = bronzeSerde(options.registry);
  const silver = silverSerde(options.registry);

  const send = async (context: ProcessorContext, from: StoredRecord, key: string | number, record: SilverRecords[S] | null): Promise<void> => {
    const keyBytes = await silver.key.serialize(spec.silver, { [keyField]: key } as unknown as SilverKeys[S]);
    const value = record === null ? null : await silver.value.serialize(spec.silver, record);
    context.send({ topic: `${prefix}${output.topic}`, key: keyBytes, value, headers: originHeaders(from) });
  };

  return {
    name: silverProcessorName(spec.bronze),
    inputs: [`${prefix}${input.topic}`],
    outputs: [{ name: `${prefix}${output.topic}`, partitions: options.partitions }],
    stores: [DEDUPE_STORE, TALLY_STORE],
    badRecords: 'dead-letter',
    deadLetters: { topic: `${prefix}${input.dlqTopic}`, entity: spec.bronze, stage: 'silver' },
    async process(record, context) {
      const store = context.store<LatestVersion>(DEDUPE_STORE);
      if (record.value === null) {
        const bronzeKey = record.key?.toString('utf8') ?? '';
        const latest = store.get(bronzeKey);
        const sequence = deleteSequence(record) ?? latest?.[0] ?? 0;
        if (latest === undefined || latest[1] === DELETED_FINGERPRINT || sequence < latest[0]) {
          tally(context, 'deduplicated');
          return;
        }
        for (const key of latest[2]) await send(context, record, key, null);
        store.put(bronzeKey, [sequence, DELETED_FINGERPRINT, []]);
        return;
      }
      const typed = await bronze.deserialize(spec.bronze, record.value);
      const cleaned = spec.clean(typed);
      const bronzeKey = String(typed[input.keyField as keyof BronzeRecords[B]]);
      const sequence = typed.lineage.source_sequence;
      const print = fingerprint(cleaned);
      const latest = store.get(bronzeKey);
      const verdict = dedupeVerdict(latest, sequence, print);
      if (verdict !== 'latest') {
        if (verdict === 'unchanged') store.put(bronzeKey, [sequence, print, latest![2]]);
        tally(context, 'deduplicated');
        return;
      }
      const keys = cleaned.map((r) => r[keyField] as string | number);
      // A newer version without some of the old keys (a cart that lost a line) deletes them.
      for (const gone of latest?.[2] ?? []) if (!keys.includes(gone)) await send(context, record, gone, null);
      for (const [i, clean] of cleaned.entries()) await send(context, record, keys[i]!, clean);
      store.put(bronzeKey, [sequence, print, keys]);
    },
  };
}

/** A bronze delete's source sequence, from the lineage its tombstone carries in a header (processors/mysql-cdc); undefined without one. */
function deleteSequence(record: StoredRecord): number | undefined {
  const lineage = record.headers[DELETE_LINEAGE_HEADER];
  return lineage === undefined ? undefined : (JSON.parse(lineage) as Lineage).source_sequence;
}
