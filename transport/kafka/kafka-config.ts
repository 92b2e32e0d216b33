import { randomUUID } from 'node:crypto';
import type { ConsumerGlobalConfig, ConsumerTopicConfig, GlobalConfig, ProducerGlobalConfig, ProducerTopicConfig } from '@confluentinc/kafka-javascript';
import type { Connections } from '../../config/connections.ts';

/** Where the brokers are and how to reach them (security, SASL), from Connections.kafka. */
export type KafkaConnection = Connections['kafka'];

/**
 * The producer's throughput settings, measured on the local stack (2 cores,
 * ~200-byte records, 3 partitions): about 180k records/s in transactions of 5000
 * and 120k in transactions of 3000; linger 20 ms beat 0, 5 and 50, and lz4 beat
 * no compression. Linger costs no latency here: records are invisible until the
 * commit, and the commit sends at once. Each commit costs ~20-30 ms (librdkafka
 * retries the next transaction's AddPartitionsToTxn after 20 ms while the broker
 * finishes the last one), so transactions of a few thousand records pay off.
 */
export const PRODUCER_TUNING = {
  'linger.ms': 20,
  'batch.size': 1_000_000,
  'batch.num.messages': 10_000,
  'compression.codec': 'lz4',
  'queue.buffering.max.messages': 500_000,
} as const;

function common(kafka: KafkaConnection, role: string): GlobalConfig {
  return {
    'bootstrap.servers': kafka.bootstrapServers,
    'client.id': `medallion-${role}`,
    // MEDALLION_KAFKA_* settings (security.protocol, sasl.*) apply to every client.
    ...kafka.settings,
  };
}

export function adminConfig(kafka: KafkaConnection): GlobalConfig {
  return common(kafka, 'admin');
}

/** A transactional producer's settings; without a transactional id, an idempotent producer's (at-least-once). */
export function producerConfig(kafka: KafkaConnection, transactionalId: string | undefined): { global: ProducerGlobalConfig; topic: ProducerTopicConfig } {
  return {
    global: {
      ...common(kafka, 'producer'),
      ...PRODUCER_TUNING,
      ...(transactionalId === undefined ? {} : { 'transactional.id': transactionalId, 'transaction.timeout.ms': 60_000 }),
      'enable.idempotence': true,
      // A record for a topic that does not exist fails (after a short wait for new topics' metadata) instead of
      // creating the topic with broker defaults: topics are made by ensureTopics, with their partitions and policy.
      'allow.auto.create.topics': false,
      'topic.metadata.propagation.max.ms': 5000,
      // Reports only for records that failed, so a failed commit can say which record and why.
      dr_cb: true,
      'delivery.report.only.error': true,
      ...kafka.settings,
    },
    // The Java clients' partitioner, so Connect, Debezium and this producer agree on a key's partition.
    topic: { partitioner: 'murmur2_random' },
  };
}

/** A reader that joins no group and commits nothing: it assigns partitions itself and reads committed records only. */
export function readerConfig(kafka: KafkaConnection): { global: ConsumerGlobalConfig; topic: ConsumerTopicConfig } {
  return {
    global: {
      ...common(kafka, 'reader'),
      // librdkafka requires a group id even for assigned partitions; this one is never joined or committed to.
      'group.id': `medallion-reader-${randomUUID()}`,
      'enable.auto.commit': false,
      'enable.auto.offset.store': false,
      'enable.partition.eof': true,
      'isolation.level': 'read_committed',
      ...kafka.settings,
    },
    topic: { 'auto.offset.reset': 'earliest' },
  };
}

/**
 * A consumer of a group that assigns itself every partition (no group membership,
 * so no rebalances) and commits only through a producer's transaction.
 * `onRecords` is called from librdkafka when its queue goes from empty to non-empty,
 * so a poll can wait without holding a thread.
 */
export function consumerConfig(kafka: KafkaConnection, groupId: string, onRecords: () => void): { global: ConsumerGlobalConfig; topic: ConsumerTopicConfig } {
  return {
    global: {
      ...common(kafka, 'consumer'),
      'group.id': groupId,
      'enable.auto.commit': false,
      'enable.auto.offset.store': false,
      'isolation.level': 'read_committed',
      // Fetch what is there at once rather than waiting up to 500 ms for more.
      'fetch.wait.max.ms': 50,
      queue_non_empty_cb: onRecords,
      ...kafka.settings,
    } as ConsumerGlobalConfig,
    topic: { 'auto.offset.reset': 'earliest' },
  };
}
