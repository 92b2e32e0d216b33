import type { Manifest } from '../generator/manifest.ts';
import type { Transport } from '../transport/transport.ts';
import { bronzeContract, type BronzeEntity } from '../schemas/bronze-contracts.ts';

/** One entity's bronze layer against what the generator says its source holds. */
export interface BronzeReconciliation {
  readonly entity: BronzeEntity;
  readonly expectedGood: number;
  readonly bronze: number;
  readonly expectedBad: number;
  readonly deadLettered: number;
  readonly ok: boolean;
}

/** Records on a topic (committed, up to its end now). */
export async function countRecords(transport: Transport, topic: string): Promise<number> {
  let count = 0;
  await transport.readAll(topic, (batch) => {
    count += batch.length;
  });
  return count;
}

/**
 * Bronze = every good source row once, and the DLQ = every bad row, per entity:
 * the counts the generator wrote into expected/manifest.json.
 */
export async function reconcileBronze(transport: Transport, manifest: Manifest, entities: readonly BronzeEntity[]): Promise<BronzeReconciliation[]> {
  return Promise.all(
    entities.map(async (entity) => {
      const contract = bronzeContract(entity);
      const [bronze, deadLettered] = await Promise.all([countRecords(transport, contract.topic), countRecords(transport, contract.dlqTopic)]);
      const { good: expectedGood, bad: expectedBad } = manifest.entities[entity];
      return { entity, expectedGood, bronze, expectedBad, deadLettered, ok: bronze === expectedGood && deadLettered === expectedBad };
    }),
  );
}
