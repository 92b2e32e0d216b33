import type { Client } from '@confluentinc/schemaregistry';
import type { BronzeEntity } from '../../schemas/bronze-contracts.ts';
import type { BronzeRecords, DeadLetter } from '../../schemas/generated/bronze-types.ts';
import { bronzeSerde, deadLetterSerde, type RecordSerde } from '../../schemas/record-serde.ts';

/** How a source's records become bytes on their topics: the registry's Avro wire format (schemas/record-serde.ts). */
export interface SourceSerde {
  readonly bronze: Pick<RecordSerde<BronzeRecords>, 'serialize'>;
  readonly deadLetters: Pick<RecordSerde<Record<BronzeEntity, DeadLetter>>, 'serialize'>;
}

/** The serde of bronze records and dead letters against one registry (a server, or embedded mode's in-memory one). */
export function sourceSerde(registry: Client): SourceSerde {
  return { bronze: bronzeSerde(registry), deadLetters: deadLetterSerde(registry) };
}
