import type { Client } from '@confluentinc/schemaregistry';
import { countRecords } from './bronze-reconciliation.ts';
import { BRONZE_ENTITIES, bronzeContract, type BronzeEntity } from '../schemas/bronze-contracts.ts';
import { silverEntityContracts } from '../schemas/layer-contracts.ts';
import { deadLetterSerde } from '../schemas/record-serde.ts';
import { TransportError } from '../transport/transport-error.ts';
import type { StoredRecord, Transport } from '../transport/transport.ts';
import { GOLD_PROCESSOR } from '../processors/gold/gold-processor.ts';
import { processorNames, RUNTIME_DEFAULTS } from '../processors/runtime/runtime-options.ts';
import type { ProcessorCounter } from '../processors/runtime/processor.ts';
import { ORIGIN_HEADER } from '../processors/silver/silver-origin.ts';
import { silverProcessorName } from '../processors/silver/silver-processor.ts';
import { TALLY_STORE } from '../processors/tally.ts';

/** One entity's way from bronze to silver: every bronze record is in silver, a removed duplicate, or a dead letter. */
export interface SilverReconciliation {
  readonly entity: BronzeEntity;
  readonly bronze: number;
  /** Bronze records that reached silver (a cart of three lines counts once). */
  readonly silver: number;
  readonly duplicates: number;
  /** Dead letters of the silver stage (those of the source never reached bronze). */
  readonly deadLettered: number;
  /** Sales that reached gold before a dimension they name (reported on the sales row: gold counts both channels together). */
  readonly late: number;
  /** bronze = silver + duplicates + deadLettered. */
  readonly ok: boolean;
}

export interface ReconcileOptions {
  /** The processors' runtime namespace (their state's changelog topics). */
  readonly namespace?: string;
  /** The processors' topic prefix. */
  readonly topicPrefix?: string;
}

/**
 * Reconciles every entity from the topics alone, so any process can run it
 * beside a running pipeline: bronze and dead-letter topics counted, silver
 * records counted by their bronze origin (./silver/silver-origin.ts), and the
 * processors' duplicate and late tallies read from their committed state
 * (./tally.ts).
 */
export async function reconcileSilver(transport: Transport, registry: Client, options: ReconcileOptions = {}): Promise<SilverReconciliation[]> {
  const namespace = options.namespace ?? RUNTIME_DEFAULTS.namespace;
  const prefix = options.topicPrefix ?? '';
  const origins = await silverOrigins(transport, prefix);
  const late = await readTally(transport, namespace, GOLD_PROCESSOR, 'late');
  return Promise.all(
    BRONZE_ENTITIES.map(async (entity) => {
      const contract = bronzeContract(entity);
      const [bronze, duplicates, deadLettered] = await Promise.all([
        countRecords(transport, `${prefix}${contract.topic}`).catch(missingAs(0)),
        readTally(transport, namespace, silverProcessorName(entity), 'deduplicated'),
        countSilverDeadLetters(transport, registry, entity, `${prefix}${contract.dlqTopic}`),
      ]);
      const silver = origins.get(`${prefix}${contract.topic}`)?.size ?? 0;
      return { entity, bronze, silver, duplicates, deadLettered, late: entity === 'sales' ? late : 0, ok: bronze === silver + duplicates + deadLettered };
    }),
  );
}

/** Per bronze topic, the distinct bronze records (`partition/offset`) that silver records came from. */
async function silverOrigins(transport: Transport, prefix: string): Promise<Map<string, Set<string>>> {
  const origins = new Map<string, Set<string>>();
  // The conformed entities only: a derived silver topic (silver.sales_enriched) is no bronze entity's silver.
  for (const { topic } of silverEntityContracts()) {
    await readExisting(transport, `${prefix}${topic}`, (batch) => {
      for (const record of batch) {
        const origin = record.headers[ORIGIN_HEADER];
        if (origin === undefined) continue;
        const split = origin.lastIndexOf('/', origin.lastIndexOf('/') - 1);
        const from = origin.slice(0, split);
        let seen = origins.get(from);
        if (seen === undefined) origins.set(from, (seen = new Set()));
        seen.add(origin.slice(split + 1));
      }
    });
  }
  return origins;
}

async function countSilverDeadLetters(transport: Transport, registry: Client, entity: BronzeEntity, topic: string): Promise<number> {
  const serde = deadLetterSerde(registry);
  const values: Buffer[] = [];
  await readExisting(transport, topic, (batch) => batch.forEach((r) => r.value !== null && values.push(r.value)));
  const letters = await Promise.all(values.map((value) => serde.deserialize(entity, value)));
  // Counted by the bronze record refused, as silver is: a replay from the beginning refuses it again.
  return new Set(letters.filter((letter) => letter.stage === 'silver').map((letter) => `${letter.source_uri} ${letter.source_position}`)).size;
}

/** A processor's committed tally: the latest value of the counter in its tally store's changelog. */
async function readTally(transport: Transport, namespace: string, processor: string, counter: ProcessorCounter): Promise<number> {
  let value = 0;
  await readExisting(transport, processorNames(namespace, processor).changelog(TALLY_STORE), (batch) => {
    for (const record of batch) if (record.key?.toString('utf8') === counter) value = record.value === null ? 0 : Number(JSON.parse(record.value.toString('utf8')));
  });
  return value;
}

/** A topic not created yet (its source or processor never ran) holds no records. */
function readExisting(transport: Transport, topic: string, handle: (batch: readonly StoredRecord[]) => void): Promise<void> {
  return transport.readAll(topic, handle).catch(missingAs(undefined));
}

function missingAs<T>(value: T): (error: unknown) => T {
  return (error) => {
    if (error instanceof TransportError && error.code === 'unknown-topic') return value;
    throw error;
  };
}
