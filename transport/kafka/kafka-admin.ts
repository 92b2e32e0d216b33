import { setTimeout as sleep } from 'node:timers/promises';
import type { GroupResults, IAdminClient, LibrdKafkaError, ListOffsetsResult, TopicDescription } from '@confluentinc/kafka-javascript';
import { checkTopicSpec } from '../topic-spec.ts';
import { TransportError } from '../transport-error.ts';
import { partitionKey, type PartitionBounds, type PartitionOffset, type TopicPartition, type TopicSpec } from '../transport.ts';
import { call, type KafkaClientModule } from './kafka-client.ts';
import { adminConfig, type KafkaConnection } from './kafka-config.ts';
import { KAFKA_CODES, kafkaError } from './kafka-error.ts';
import type { KafkaEventSink } from './kafka-event.ts';
import { RefusalWatch } from './kafka-refusal.ts';

type GroupPartition = NonNullable<GroupResults['partitions']>[number];

const REQUEST_TIMEOUT_MS = 15_000;
/** How long a created topic may take to show up with a leader for every partition. */
const TOPIC_READY_TIMEOUT_MS = 30_000;

/** Topic administration over librdkafka's admin client. */
export class KafkaAdmin {
  private readonly admin: IAdminClient;
  private readonly refusals: RefusalWatch;

  constructor(
    private readonly client: KafkaClientModule,
    private readonly kafka: KafkaConnection,
    report: KafkaEventSink,
  ) {
    this.refusals = new RefusalWatch(kafka);
    this.admin = client.AdminClient.create(adminConfig(kafka), {
      'event.error': (error: LibrdKafkaError) => {
        this.refusals.handlers['event.error'](error);
        report({ kind: 'client-error', client: 'admin', code: error.code, message: error.message });
      },
      'event.log': this.refusals.handlers['event.log'],
    });
  }

  /**
   * Creates the topics that do not exist yet (compacted ones with cleanup.policy=compact)
   * and waits until every partition has a leader. `replicationFactor` -1 takes the
   * brokers' default.replication.factor.
   */
  async createTopics(specs: readonly TopicSpec[], replicationFactor: number): Promise<void> {
    specs.forEach(checkTopicSpec);
    for (const spec of specs) {
      await call((done) =>
        this.admin.createTopic(
          { topic: spec.name, num_partitions: spec.partitions, replication_factor: replicationFactor, config: spec.compacted === true ? { 'cleanup.policy': 'compact' } : {} },
          REQUEST_TIMEOUT_MS,
          done,
        ),
      ).catch((error: unknown) => {
        if ((error as LibrdKafkaError).code !== KAFKA_CODES.topicAlreadyExists) throw kafkaError(`creating topic ${spec.name}`, error, this.refusals);
      });
    }
    const deadline = Date.now() + TOPIC_READY_TIMEOUT_MS;
    for (const spec of specs) {
      while (!(await this.describe(spec.name))?.partitions.every((p: TopicDescription['partitions'][number]) => p.leader !== null)) {
        if (Date.now() > deadline) {
          throw new TransportError('kafka-failed', `topic ${spec.name} was created but has no leader for every partition after ${TOPIC_READY_TIMEOUT_MS / 1000}s`, `check the brokers at ${this.kafka.bootstrapServers} (medallion stack status, the Kafka log)`);
        }
        await sleep(100);
      }
    }
  }

  /** Deletes topics; a topic that does not exist is skipped. */
  async deleteTopics(names: readonly string[]): Promise<void> {
    for (const name of names) {
      await call((done) => this.admin.deleteTopic(name, REQUEST_TIMEOUT_MS, done)).catch((error: unknown) => {
        if ((error as LibrdKafkaError).code !== KAFKA_CODES.unknownTopicOrPartition) throw kafkaError(`deleting topic ${name}`, error, this.refusals);
      });
    }
  }

  /** The topics that exist, sorted; Kafka's internal ones (__consumer_offsets, __transaction_state) left out. */
  async topicNames(): Promise<string[]> {
    try {
      const names = await call<string[]>((done) => this.admin.listTopics({ timeout: REQUEST_TIMEOUT_MS }, done));
      return names.filter((name) => !name.startsWith('__')).sort();
    } catch (error) {
      throw kafkaError('listing the topics', error, this.refusals);
    }
  }

  /** The topic's partition numbers. */
  async partitions(topic: string): Promise<number[]> {
    const description = await this.describe(topic);
    if (description === undefined) {
      throw new TransportError('unknown-topic', `topic ${topic} does not exist on Kafka at ${this.kafka.bootstrapServers}`, 'create it first with transport.ensureTopics([{ name, partitions }])');
    }
    return description.partitions.map((p: TopicDescription['partitions'][number]) => p.partition);
  }

  /** Every partition of the topics, in topic then partition order. */
  async topicPartitions(topics: readonly string[]): Promise<TopicPartition[]> {
    const all: TopicPartition[] = [];
    for (const topic of topics) for (const partition of (await this.partitions(topic)).sort((a, b) => a - b)) all.push({ topic, partition });
    return all;
  }

  /** The group's committed offsets for the partitions (stable ones only: none are pending in an open transaction). */
  async committedOffsets(groupId: string, partitions: readonly TopicPartition[]): Promise<PartitionOffset[]> {
    try {
      const [result] = await call<GroupResults[]>((done) =>
        this.admin.listConsumerGroupOffsets([{ groupId, partitions: [...partitions] }], { timeout: REQUEST_TIMEOUT_MS, requireStableOffsets: true }, done),
      );
      if (result?.error) throw result.error;
      return (result?.partitions ?? []).filter((p: GroupPartition) => p.offset >= 0).map((p: GroupPartition) => ({ topic: p.topic, partition: p.partition, offset: BigInt(p.offset) }));
    } catch (error) {
      throw kafkaError(`reading the committed offsets of group "${groupId}"`, error, this.refusals);
    }
  }

  /** Per partition, its first offset and its committed end (ListOffsets, earliest and latest under read_committed). */
  async bounds(partitions: readonly TopicPartition[]): Promise<PartitionBounds[]> {
    const { OffsetSpec } = this.client;
    try {
      const [starts, ends] = await Promise.all([this.listOffsets(partitions, OffsetSpec.EARLIEST), this.listOffsets(partitions, OffsetSpec.LATEST)]);
      const start = new Map(starts.map((r) => [partitionKey(r), r.offset]));
      return ends.map((r) => ({ topic: r.topic, partition: r.partition, start: BigInt(start.get(partitionKey(r))!), end: BigInt(r.offset) }));
    } catch (error) {
      throw kafkaError(`listing the offsets of ${[...new Set(partitions.map((p) => p.topic))].join(', ')}`, error, this.refusals);
    }
  }

  /** Per partition, the first committed offset stamped at or after `time` (ListOffsets by timestamp), or the committed end when none is. */
  async offsetsAt(partitions: readonly TopicPartition[], time: number): Promise<PartitionOffset[]> {
    const { OffsetSpec } = this.client;
    try {
      const [stamped, ends] = await Promise.all([this.listOffsets(partitions, new OffsetSpec(time)), this.listOffsets(partitions, OffsetSpec.LATEST)]);
      const end = new Map(ends.map((r) => [`${r.topic}/${r.partition}`, r.offset]));
      // -1: no record is stamped that late yet, so the next one will be.
      return stamped.map((r) => ({ topic: r.topic, partition: r.partition, offset: BigInt(r.offset >= 0 ? r.offset : end.get(`${r.topic}/${r.partition}`)!) }));
    } catch (error) {
      throw kafkaError(`listing the offsets stamped at or after ${new Date(time).toISOString()}`, error, this.refusals);
    }
  }

  close(): void {
    this.admin.disconnect();
  }

  /** ListOffsets under read_committed; a partition's error rejects the whole answer. */
  private async listOffsets(partitions: readonly TopicPartition[], offset: InstanceType<KafkaClientModule['OffsetSpec']>): Promise<ListOffsetsResult[]> {
    const results = await call<ListOffsetsResult[]>((done) =>
      this.admin.listOffsets(
        partitions.map((p) => ({ ...p, offset })),
        { timeout: REQUEST_TIMEOUT_MS, isolationLevel: this.client.IsolationLevel.READ_COMMITTED },
        done,
      ),
    );
    const failed = results.find((r) => r.error);
    if (failed !== undefined) throw failed.error;
    return results;
  }

  /** The topic's description, or undefined when it does not exist. */
  private async describe(topic: string): Promise<TopicDescription | undefined> {
    try {
      const [description] = await call<TopicDescription[]>((done) => this.admin.describeTopics([topic], { timeout: REQUEST_TIMEOUT_MS }, done));
      if (description?.error?.code === KAFKA_CODES.unknownTopicOrPartition) return undefined;
      if (description?.error) throw description.error;
      return description;
    } catch (error) {
      if ((error as LibrdKafkaError).code === KAFKA_CODES.unknownTopicOrPartition) return undefined;
      throw kafkaError(`describing topic ${topic}`, error, this.refusals);
    }
  }
}
