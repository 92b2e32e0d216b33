import { KafkaJS } from '@confluentinc/kafka-javascript';
import { SchemaRegistryClient } from '@confluentinc/schemaregistry';
import type { StackEndpoints } from '../config/stack-endpoints.ts';

export interface KafkaClientOptions {
  readonly clientId: string;
  /** Where the client's own log lines go; none are kept when absent (library code never prints). */
  readonly logger?: KafkaJS.Logger;
}

/** A client of the stack's Kafka, through @confluentinc/kafka-javascript's KafkaJS-style API. */
export function stackKafka(endpoints: StackEndpoints, options: KafkaClientOptions): KafkaJS.Kafka {
  return new KafkaJS.Kafka({
    // A secure stack's login and CA, in librdkafka's names (empty on a plain stack).
    ...endpoints.kafka.settings,
    kafkaJS: {
      brokers: [endpoints.kafka.bootstrapServers],
      clientId: options.clientId,
      ...(options.logger === undefined ? { logLevel: KafkaJS.logLevel.NOTHING } : { logger: options.logger }),
    },
  });
}

/** A client of the stack's schema registry, through its Confluent-compatible API. */
export function stackRegistry(endpoints: StackEndpoints): SchemaRegistryClient {
  return new SchemaRegistryClient({ baseURLs: [endpoints.registry.ccompatUrl] });
}
