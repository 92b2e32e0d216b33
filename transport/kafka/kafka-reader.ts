import { setTimeout as sleep } from 'node:timers/promises';
import type { EofEvent, KafkaConsumer, LibrdKafkaError, Message, MessageHeader, WatermarkOffsets } from '@confluentinc/kafka-javascript';
import type { PartitionOffset, StoredRecord } from '../transport.ts';
import { call, type KafkaClientModule } from './kafka-client.ts';
import { readerConfig, type KafkaConnection } from './kafka-config.ts';
import { isLibrdKafkaError, kafkaError } from './kafka-error.ts';
import type { KafkaEventSink } from './kafka-event.ts';
import { RefusalWatch } from './kafka-refusal.ts';

const CONNECT_TIMEOUT_MS = 15_000;
const BATCH_SIZE = 5000;
/** How long one consume call waits for a record before it returns what it has. */
const CONSUME_WAIT_MS = 100;
// librdkafka's logical offset for "the partition's first offset".
const OFFSET_BEGINNING = -2;

/**
 * Reads a topic's committed records from the beginning to its end as of the call.
 *
 * The end of each partition is its last stable offset when the read starts (what
 * ListOffsets returns under read_committed): records after it are left for later
 * reads. A partition is done at the first record at or past its end, or when
 * librdkafka reports the partition's end (enable.partition.eof) — which is how a
 * read ends when the last offsets before the end hold only aborted records and
 * transaction markers, which are never delivered.
 */
// Answers that only mean "not yet" right after a topic is created (its metadata has not reached this client) or a leader moves.
const NOT_YET: readonly number[] = [3 /* unknown topic or partition */, 5 /* leader not available */, 6 /* not leader or follower */];
const WATERMARK_ATTEMPTS = 50;

/** A partition's low and high watermarks (the high one is the last stable offset under read_committed), retrying a leader that is not ready yet. */
export async function watermarks(consumer: KafkaConsumer, topic: string, partition: number): Promise<WatermarkOffsets> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call<WatermarkOffsets>((done) => consumer.queryWatermarkOffsets(topic, partition, CONNECT_TIMEOUT_MS, done));
    } catch (error) {
      if (attempt >= WATERMARK_ATTEMPTS || !isLibrdKafkaError(error) || !(error.isRetriable === true || NOT_YET.includes(error.code))) throw error;
      await sleep(100);
    }
  }
}

/** A read_committed consumer connected for one read, not in any group; its failures become TransportErrors naming `what`. */
interface Reader {
  readonly consumer: KafkaConsumer;
  readonly refusals: RefusalWatch;
  request<T>(start: Parameters<typeof call<T>>[0]): Promise<T>;
  close(): Promise<void>;
}

async function openReader(client: KafkaClientModule, kafka: KafkaConnection, what: string, report: KafkaEventSink): Promise<Reader> {
  const config = readerConfig(kafka);
  const consumer = new client.KafkaConsumer(config.global, config.topic);
  consumer.on('event.error', (error: LibrdKafkaError) => report({ kind: 'client-error', client: 'reader', code: error.code, message: error.message }));
  const refusals = new RefusalWatch(kafka);
  refusals.watch(consumer);
  // Only the client's failures become TransportErrors; an error from a caller's handler reaches the caller as it is.
  const request = <T>(start: Parameters<typeof call<T>>[0]): Promise<T> =>
    call<T>(start).catch((error: unknown) => {
      throw kafkaError(what, error, refusals);
    });
  const close = (): Promise<void> => new Promise<void>((resolve) => consumer.disconnect(() => resolve()));
  try {
    await request<unknown>((done) => consumer.connect({ allTopics: false, timeout: CONNECT_TIMEOUT_MS }, done));
  } catch (error) {
    await close();
    throw error;
  }
  consumer.setDefaultConsumeTimeout(CONSUME_WAIT_MS);
  return { consumer, refusals, request, close };
}

export async function readTopic(
  client: KafkaClientModule,
  kafka: KafkaConnection,
  topic: string,
  partitions: readonly number[],
  handle: (batch: readonly StoredRecord[]) => Promise<void> | void,
  report: KafkaEventSink,
): Promise<void> {
  const { consumer, refusals, request, close } = await openReader(client, kafka, `reading topic ${topic}`, report);
  try {
    // Under read_committed the high watermark librdkafka queries is the last stable offset.
    const ends = new Map<number, number>();
    for (const partition of partitions) {
      const { lowOffset, highOffset } = await watermarks(consumer, topic, partition).catch((error: unknown) => {
        throw kafkaError(`reading topic ${topic}`, error, refusals);
      });
      if (highOffset > lowOffset) ends.set(partition, highOffset);
    }
    if (ends.size === 0) return;
    const finish = (partition: number): void => {
      if (ends.delete(partition)) consumer.pause([{ topic, partition }]);
    };
    // End-of-partition events arrive while a consume call collects its messages, so they are applied after the batch.
    const atEnd: number[] = [];
    consumer.on('partition.eof', (eof: EofEvent) => atEnd.push(eof.partition));
    consumer.assign([...ends.keys()].map((partition) => ({ topic, partition, offset: OFFSET_BEGINNING })));
    while (ends.size > 0) {
      const messages = await request<Message[]>((done) => consumer.consume(BATCH_SIZE, done));
      const batch: StoredRecord[] = [];
      for (const message of messages) {
        const end = ends.get(message.partition);
        if (end === undefined || message.offset >= end) continue;
        batch.push(storedRecord(message));
        if (message.offset >= end - 1) finish(message.partition);
      }
      for (const partition of atEnd.splice(0)) finish(partition);
      if (batch.length > 0) await handle(batch);
    }
  } finally {
    await close();
  }
}

/**
 * Up to `max` committed records of one partition from `from` on, stopping before
 * `end` (its committed end, asked for beforehand): one page, however long the
 * partition. Like readTopic, it also stops when librdkafka reports the
 * partition's end, which is where a read meets only aborted records and markers.
 */
export async function readPartitionPage(client: KafkaClientModule, kafka: KafkaConnection, from: PartitionOffset, end: bigint, max: number, report: KafkaEventSink): Promise<StoredRecord[]> {
  if (from.offset >= end || max <= 0) return [];
  const { topic, partition } = from;
  const { consumer, request, close } = await openReader(client, kafka, `reading topic ${topic} partition ${partition}`, report);
  try {
    let atEnd = false;
    consumer.on('partition.eof', () => (atEnd = true));
    consumer.assign([{ topic, partition, offset: Number(from.offset) }]);
    const page: StoredRecord[] = [];
    while (!atEnd && page.length < max) {
      const messages = await request<Message[]>((done) => consumer.consume(Math.min(BATCH_SIZE, max - page.length), done));
      for (const message of messages) {
        if (BigInt(message.offset) >= end) atEnd = true;
        if (atEnd || page.length >= max) break;
        page.push(storedRecord(message));
        if (BigInt(message.offset) >= end - 1n) atEnd = true;
      }
    }
    return page;
  } finally {
    await close();
  }
}

export function storedRecord(message: Message): StoredRecord {
  return {
    topic: message.topic,
    partition: message.partition,
    offset: BigInt(message.offset),
    key: message.key === undefined || message.key === null ? null : Buffer.isBuffer(message.key) ? message.key : Buffer.from(message.key),
    value: message.value,
    headers: headersOf(message),
    timestamp: message.timestamp ?? 0,
  };
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

function headersOf(message: Message): Readonly<Record<string, string>> {
  if (message.headers === undefined || message.headers.length === 0) return NO_HEADERS;
  const headers: Record<string, string> = {};
  for (const header of message.headers as MessageHeader[]) {
    for (const [name, value] of Object.entries(header) as [string, string | Buffer][]) headers[name] = value.toString();
  }
  return headers;
}
