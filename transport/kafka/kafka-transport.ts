import { offsetOutOfRange, transportClosed, unknownPartition } from '../transport-error.ts';
import type { Consumer, ConsumerOptions, PartitionBounds, PartitionOffset, ProducerOptions, StoredRecord, TopicSpec, TransactionalProducer, Transport } from '../transport.ts';
import { KafkaAdmin } from './kafka-admin.ts';
import { loadKafkaClient, type KafkaClientModule } from './kafka-client.ts';
import type { KafkaConnection } from './kafka-config.ts';
import { KafkaGroupConsumer } from './kafka-consumer.ts';
import type { KafkaEventSink } from './kafka-event.ts';
import { KafkaProducer } from './kafka-producer.ts';
import { readPartitionPage, readTopic } from './kafka-reader.ts';

export interface KafkaTransportOptions {
  readonly kafka: KafkaConnection;
  /** Replicas of each new topic; -1 (the default) takes the brokers' default.replication.factor. */
  readonly replicationFactor?: number;
  readonly report?: KafkaEventSink;
}

/**
 * The Transport of stack mode: Apache Kafka through @confluentinc/kafka-javascript
 * (librdkafka). Producers are idempotent and transactional; readers are
 * read_committed. Closing the transport closes every client it opened.
 */
export class KafkaTransport implements Transport {
  readonly kind = 'kafka';
  private readonly producers = new Set<KafkaProducer>();
  private readonly consumers = new Set<KafkaGroupConsumer>();
  private admin: KafkaAdmin | undefined;
  private closed = false;

  private constructor(
    private readonly client: KafkaClientModule,
    private readonly options: KafkaTransportOptions,
  ) {}

  /** Loads the Kafka client (an optional dependency); clients connect when first used. */
  static async open(options: KafkaTransportOptions): Promise<KafkaTransport> {
    return new KafkaTransport(await loadKafkaClient(), options);
  }

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    await this.topicAdmin().createTopics(specs, this.options.replicationFactor ?? -1);
  }

  /** Deletes topics (tests and resets); a missing topic is skipped. */
  async deleteTopics(names: readonly string[]): Promise<void> {
    await this.topicAdmin().deleteTopics(names);
  }

  async producer(transactionalId: string, options?: ProducerOptions): Promise<TransactionalProducer> {
    this.assertOpen();
    const producer = await KafkaProducer.open(this.client, this.options.kafka, transactionalId, this.report, options?.atomic ?? true);
    this.producers.add(producer);
    return producer;
  }

  async readAll(topic: string, handle: (batch: readonly StoredRecord[]) => Promise<void> | void): Promise<void> {
    const partitions = await this.topicAdmin().partitions(topic);
    await readTopic(this.client, this.options.kafka, topic, partitions, handle, this.report);
  }

  async consumer(options: ConsumerOptions): Promise<Consumer> {
    const partitions = await this.topicAdmin().topicPartitions(options.topics);
    const consumer = await KafkaGroupConsumer.open(this.client, this.options.kafka, options, partitions, this.report);
    this.consumers.add(consumer);
    return consumer;
  }

  async topicNames(): Promise<readonly string[]> {
    return this.topicAdmin().topicNames();
  }

  async partitionBounds(topics: readonly string[]): Promise<readonly PartitionBounds[]> {
    const admin = this.topicAdmin();
    return admin.bounds(await admin.topicPartitions(topics));
  }

  async readPage(from: PartitionOffset, max: number): Promise<readonly StoredRecord[]> {
    const admin = this.topicAdmin();
    const partitions = await admin.partitions(from.topic);
    if (!partitions.includes(from.partition)) throw unknownPartition(from.topic, from.partition, partitions.length);
    const [bounds] = await admin.bounds([from]);
    if (from.offset < bounds!.start || from.offset > bounds!.end) throw offsetOutOfRange(from, bounds!);
    return readPartitionPage(this.client, this.options.kafka, from, bounds!.end, max, this.report);
  }

  async committedOffsets(groupId: string, topics: readonly string[]): Promise<readonly PartitionOffset[]> {
    const admin = this.topicAdmin();
    return admin.committedOffsets(groupId, await admin.topicPartitions(topics));
  }

  async offsetsAt(topics: readonly string[], time: number): Promise<readonly PartitionOffset[]> {
    const admin = this.topicAdmin();
    return admin.offsetsAt(await admin.topicPartitions(topics), time);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.producers, ...this.consumers].map((c) => c.close()));
    this.producers.clear();
    this.consumers.clear();
    this.admin?.close();
  }

  private readonly report: KafkaEventSink = (event) => this.options.report?.(event);

  private topicAdmin(): KafkaAdmin {
    this.assertOpen();
    this.admin ??= new KafkaAdmin(this.client, this.options.kafka, this.report);
    return this.admin;
  }

  private assertOpen(): void {
    if (this.closed) throw transportClosed(this.kind);
  }
}
