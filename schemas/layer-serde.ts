import type { Client } from '@confluentinc/schemaregistry';
import type { GoldKeys, GoldRecords } from './generated/gold-types.ts';
import type { SilverKeys, SilverRecords } from './generated/silver-types.ts';
import { layerContracts, type Layer } from './layer-contracts.ts';
import { recordSerde, type RecordSerde } from './record-serde.ts';

/** Keys and values of one layer's topics, both Avro in the Confluent wire format (subjects `<topic>-key`, `<topic>-value`). */
export interface KeyedSerde<Keys, Records> {
  readonly key: RecordSerde<Keys>;
  readonly value: RecordSerde<Records>;
}

export type SilverSerde = KeyedSerde<SilverKeys, SilverRecords>;
export type GoldSerde = KeyedSerde<GoldKeys, GoldRecords>;

function keyedSerde<Keys, Records>(client: Client, layer: Layer): KeyedSerde<Keys, Records> {
  const topics = Object.fromEntries(layerContracts(layer).map((c) => [c.name, c.topic]));
  return {
    key: recordSerde<Keys>(client, topics as { readonly [E in keyof Keys & string]: string }, 'key'),
    value: recordSerde<Records>(client, topics as { readonly [E in keyof Records & string]: string }),
  };
}

export function silverSerde(client: Client): SilverSerde {
  return keyedSerde<SilverKeys, SilverRecords>(client, 'silver');
}

export function goldSerde(client: Client): GoldSerde {
  return keyedSerde<GoldKeys, GoldRecords>(client, 'gold');
}
