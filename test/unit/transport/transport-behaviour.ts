import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { partitionForKey } from '../../../transport/key-partitioner.ts';
import { TransportError, type TransportErrorCode } from '../../../transport/transport-error.ts';
import type { Consumer, OutgoingRecord, PartitionOffset, StoredRecord, TopicPartition, Transport } from '../../../transport/transport.ts';

/**
 * The behaviour every Transport keeps, written once and run against each
 * implementation: the in-process log from the unit suite, Kafka from the
 * integration suite (test/integration/transport/kafka-transport.test.ts).
 */
export interface TransportUnderTest {
  /** A transport on the shared backing log or cluster; each call may open a new client. */
  open(): Promise<Transport>;
  /** Removes topics the test created (a no-op where the log dies with the test). */
  dropTopics(names: readonly string[]): Promise<void>;
}

export async function readTopic(transport: Transport, topic: string): Promise<StoredRecord[]> {
  const records: StoredRecord[] = [];
  await transport.readAll(topic, (batch) => {
    records.push(...batch);
  });
  return records;
}

export const text = (value: string): Buffer => Buffer.from(value, 'utf8');
const textOf = (buffer: Buffer | null): string | null => (buffer === null ? null : buffer.toString('utf8'));

export function record(topic: string, key: string | null, value: string | null, headers?: Record<string, string>): OutgoingRecord {
  return { topic, key: key === null ? null : text(key), value: value === null ? null : text(value), ...(headers ? { headers } : {}) };
}

async function expectTransportError(promise: Promise<unknown>, code: TransportErrorCode): Promise<TransportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransportError);
  expect((error as TransportError).code).toBe(code);
  return error as TransportError;
}

export function transportBehaviour(label: string, under: TransportUnderTest): void {
  describe(`${label} transport behaviour`, () => {
    const opened: Transport[] = [];
    const topics: string[] = [];
    const suffix = (): string => randomBytes(4).toString('hex');

    const open = async (): Promise<Transport> => {
      const transport = await under.open();
      opened.push(transport);
      return transport;
    };
    const newTopic = async (transport: Transport, partitions = 3, compacted = false): Promise<string> => {
      const name = `test.transport.${suffix()}`;
      topics.push(name);
      await transport.ensureTopics([{ name, partitions, compacted }]);
      return name;
    };
    const txId = (): string => `test-transport-${suffix()}`;

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((t) => t.close()));
      await under.dropTopics(topics.splice(0));
    });

    it('creates topics once: ensureTopics again leaves an existing topic and its records as they are', async () => {
      const transport = await open();
      const topic = await newTopic(transport, 2);
      const producer = await transport.producer(txId());
      await producer.transaction((tx) => tx.send([record(topic, 'k', 'v1')]));
      await transport.ensureTopics([{ name: topic, partitions: 2 }]);
      expect((await readTopic(transport, topic)).map((r) => textOf(r.value))).toEqual(['v1']);
    });

    it('refuses topic specs Kafka would refuse, before creating any', async () => {
      const transport = await open();
      const name = `test.transport.${suffix()}`;
      await expectTransportError(transport.ensureTopics([{ name, partitions: 1 }, { name: 'bad name!', partitions: 1 }]), 'invalid-request');
      await expectTransportError(transport.ensureTopics([{ name, partitions: 0 }]), 'invalid-request');
      await expectTransportError(transport.ensureTopics([{ name: 'x'.repeat(250), partitions: 1 }]), 'invalid-request');
      await expectTransportError(readTopic(transport, name), 'unknown-topic');
    });

    it('reads an empty topic to its end without waiting for records', async () => {
      const transport = await open();
      const topic = await newTopic(transport);
      expect(await readTopic(transport, topic)).toEqual([]);
    });

    it('refuses to read a topic that does not exist', async () => {
      const transport = await open();
      await expectTransportError(readTopic(transport, `test.transport.missing.${suffix()}`), 'unknown-topic');
    });

    it('makes a transaction visible only when it commits, with keys, values, headers and offsets', async () => {
      const transport = await open();
      const topic = await newTopic(transport, 1);
      const producer = await transport.producer(txId());
      const result = await producer.transaction(async (tx) => {
        tx.send([record(topic, 'a', '1', { source: 'test' }), record(topic, 'b', null)]);
        // Inside the open transaction a reader sees nothing, and still reaches the end.
        expect(await readTopic(transport, topic)).toEqual([]);
        return 'done';
      });
      expect(result).toBe('done');
      const records = await readTopic(transport, topic);
      expect(records.map((r) => [textOf(r.key), textOf(r.value), r.headers])).toEqual([
        ['a', '1', { source: 'test' }],
        ['b', null, {}],
      ]);
      expect(records.every((r) => r.topic === topic && r.partition === 0 && typeof r.offset === 'bigint' && r.timestamp > 0)).toBe(true);
      expect(records[1]!.offset).toBeGreaterThan(records[0]!.offset);
    });

    it('drops every record of a transaction whose work throws, across topics, and rethrows the error', async () => {
      const transport = await open();
      const first = await newTopic(transport);
      const second = await newTopic(transport);
      const producer = await transport.producer(txId());
      const failure = new Error('work failed half way');
      await expect(
        producer.transaction((tx) => {
          tx.send([record(first, 'a', 'lost'), record(second, 'b', 'lost')]);
          throw failure;
        }),
      ).rejects.toBe(failure);
      // The aborted transaction stays in Kafka's log with its markers; readers must skip it and still stop.
      expect(await readTopic(transport, first)).toEqual([]);
      expect(await readTopic(transport, second)).toEqual([]);
      await producer.transaction((tx) => tx.send([record(first, 'a', 'kept'), record(second, 'b', 'kept')]));
      expect((await readTopic(transport, first)).map((r) => textOf(r.value))).toEqual(['kept']);
      expect((await readTopic(transport, second)).map((r) => textOf(r.value))).toEqual(['kept']);
    });

    it('reads to the end as of the call, ending after an aborted transaction', async () => {
      const transport = await open();
      const topic = await newTopic(transport, 1);
      const producer = await transport.producer(txId());
      await producer.transaction((tx) => tx.send([record(topic, 'k', 'committed')]));
      await expect(
        producer.transaction((tx) => {
          tx.send([record(topic, 'k', 'aborted')]);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const seen: string[] = [];
      await transport.readAll(topic, async (batch) => {
        seen.push(...batch.map((r) => textOf(r.value)!));
        // Records committed while reading lie past the end the read started with.
        if (seen.length === 1) await producer.transaction((tx) => tx.send([record(topic, 'k', 'later')]));
      });
      expect(seen).toEqual(['committed']);
      expect((await readTopic(transport, topic)).map((r) => textOf(r.value))).toEqual(['committed', 'later']);
    });

    it('hands an error thrown by the batch handler back to the caller as it is', async () => {
      const transport = await open();
      const topic = await newTopic(transport, 1);
      const producer = await transport.producer(txId());
      await producer.transaction((tx) => tx.send([record(topic, 'k', 'v')]));
      const failure = new Error('handler failed');
      await expect(
        transport.readAll(topic, () => {
          throw failure;
        }),
      ).rejects.toBe(failure);
      // The transport still reads after a failed read.
      expect(await readTopic(transport, topic)).toHaveLength(1);
    });

    it('puts records with the same key on one partition, in send order, on the partition Kafka would choose', async () => {
      const transport = await open();
      const partitions = 4;
      const topic = await newTopic(transport, partitions);
      const producer = await transport.producer(txId());
      const keys = Array.from({ length: 20 }, (_, i) => `customer-${i}`);
      for (let round = 0; round < 3; round += 1) {
        await producer.transaction((tx) => tx.send(keys.map((k) => record(topic, k, `${k}#${round}`))));
      }
      const records = await readTopic(transport, topic);
      expect(records).toHaveLength(keys.length * 3);
      for (const key of keys) {
        const mine = records.filter((r) => textOf(r.key) === key);
        expect(new Set(mine.map((r) => r.partition))).toEqual(new Set([partitionForKey(text(key), partitions)]));
        expect(mine.map((r) => textOf(r.value))).toEqual([0, 1, 2].map((round) => `${key}#${round}`));
      }
    });

    it('fences a producer once a newer one opens with the same transactional id', async () => {
      const transport = await open();
      const topic = await newTopic(transport, 1);
      const id = txId();
      const older = await transport.producer(id);
      await older.transaction((tx) => tx.send([record(topic, 'k', 'from older')]));
      const newer = await transport.producer(id);
      await expectTransportError(older.transaction((tx) => tx.send([record(topic, 'k', 'zombie')])), 'fenced');
      await newer.transaction((tx) => tx.send([record(topic, 'k', 'from newer')]));
      expect((await readTopic(transport, topic)).map((r) => textOf(r.value))).toEqual(['from older', 'from newer']);
    });

    it('runs one transaction at a time per producer', async () => {
      const transport = await open();
      const topic = await newTopic(transport, 1);
      const producer = await transport.producer(txId());
      let release!: () => void;
      let started!: () => void;
      const working = new Promise<void>((resolve) => (started = resolve));
      const first = producer.transaction(async (tx) => {
        tx.send([record(topic, 'k', 'first')]);
        started();
        await new Promise<void>((resolve) => (release = resolve));
      });
      await working;
      await expectTransportError(producer.transaction(() => undefined), 'transaction-in-progress');
      release();
      await first;
      expect((await readTopic(transport, topic)).map((r) => textOf(r.value))).toEqual(['first']);
    });

    it('folds a compacted topic to the latest value per key, tombstones deleting keys', async () => {
      const transport = await open();
      const topic = await newTopic(transport, 2, true);
      const producer = await transport.producer(txId());
      await producer.transaction((tx) => tx.send([record(topic, 'a', 'a1'), record(topic, 'b', 'b1'), record(topic, 'c', 'c1')]));
      await producer.transaction((tx) => tx.send([record(topic, 'a', 'a2'), record(topic, 'b', null)]));
      const state = new Map<string, string>();
      for (const r of await readTopic(transport, topic)) {
        if (r.value === null) state.delete(textOf(r.key)!);
        else state.set(textOf(r.key)!, textOf(r.value)!);
      }
      expect(Object.fromEntries(state)).toEqual({ a: 'a2', c: 'c1' });
    });

    it('refuses a record without a key on a compacted topic, commits none of its transaction, and goes on', async () => {
      const transport = await open();
      const topic = await newTopic(transport, 1, true);
      const producer = await transport.producer(txId());
      await expect(producer.transaction((tx) => tx.send([record(topic, 'k', 'v'), record(topic, null, 'no key')]))).rejects.toBeInstanceOf(TransportError);
      expect(await readTopic(transport, topic)).toEqual([]);
      // The same producer writes the same partition again after the refusal.
      await producer.transaction((tx) => tx.send([record(topic, 'k', 'after')]));
      expect((await readTopic(transport, topic)).map((r) => textOf(r.value))).toEqual(['after']);
    });

    /** Polls until `count` records came (or a poll came back empty after `count` was reached). */
    const pollAll = async (consumer: Consumer, count: number): Promise<StoredRecord[]> => {
      const records: StoredRecord[] = [];
      while (records.length < count) records.push(...(await consumer.poll(1000, 1000)));
      return records;
    };
    const group = (): string => `test-group-${suffix()}`;
    const offsetsOf = (positions: readonly PartitionOffset[]): string[] => positions.map((p) => `${p.topic}/${p.partition}@${p.offset}`).sort();

    it('consumes every partition of its topics from the beginning, and waits for records committed later', async () => {
      const transport = await open();
      const first = await newTopic(transport, 2);
      const second = await newTopic(transport, 1);
      const producer = await transport.producer(txId());
      await producer.transaction((tx) => tx.send([record(first, 'a', '1'), record(first, 'b', '2'), record(second, 'c', '3')]));
      const consumer = await transport.consumer({ groupId: group(), topics: [first, second] });
      expect(consumer.positions().map((p) => [p.topic, p.partition])).toEqual([[first, 0], [first, 1], [second, 0]]);
      const records = await pollAll(consumer, 3);
      expect(records.map((r) => textOf(r.value)).sort()).toEqual(['1', '2', '3']);
      const later = consumer.poll(10, 30_000);
      await producer.transaction((tx) => tx.send([record(second, 'd', '4')]));
      expect((await later).map((r) => textOf(r.value))).toEqual(['4']);
      expect(await consumer.poll(10, 50)).toEqual([]);
      await consumer.close();
    });

    it('commits consumed positions atomically with the produced records; an aborted transaction advances nothing', async () => {
      const transport = await open();
      const input = await newTopic(transport, 2);
      const output = await newTopic(transport, 1);
      const writer = await transport.producer(txId());
      await writer.transaction((tx) => tx.send([record(input, 'a', '1'), record(input, 'b', '2'), record(input, 'c', '3')]));
      const groupId = group();
      const consumer = await transport.consumer({ groupId, topics: [input] });
      const records = await pollAll(consumer, 3);
      const processor = await transport.producer(txId());
      await expect(
        processor.transaction((tx) => {
          tx.send(records.map((r) => record(output, textOf(r.key), `out-${textOf(r.value)}`)));
          tx.sendOffsets(consumer, consumer.positions());
          throw new Error('crash before commit');
        }),
      ).rejects.toThrow('crash before commit');
      expect(await readTopic(transport, output)).toEqual([]);
      expect(await transport.committedOffsets(groupId, [input])).toEqual([]);
      await processor.transaction((tx) => {
        tx.send(records.map((r) => record(output, textOf(r.key), `out-${textOf(r.value)}`)));
        tx.sendOffsets(consumer, consumer.positions());
      });
      expect((await readTopic(transport, output)).map((r) => textOf(r.value)).sort()).toEqual(['out-1', 'out-2', 'out-3']);
      expect(offsetsOf(await transport.committedOffsets(groupId, [input]))).toEqual(offsetsOf(consumer.positions()));
      await consumer.close();
    });

    it('delivers records and then commits offsets with a non-atomic (at-least-once) producer', async () => {
      const transport = await open();
      const input = await newTopic(transport, 1);
      const output = await newTopic(transport, 1);
      const writer = await transport.producer(txId());
      await writer.transaction((tx) => tx.send([record(input, 'a', '1'), record(input, 'b', '2')]));
      const groupId = group();
      const consumer = await transport.consumer({ groupId, topics: [input] });
      const records = await pollAll(consumer, 2);
      const plain = await transport.producer(txId(), { atomic: false });
      await plain.transaction((tx) => {
        tx.send(records.map((r) => record(output, textOf(r.key), `out-${textOf(r.value)}`)));
        tx.sendOffsets(consumer, consumer.positions());
      });
      expect((await readTopic(transport, output)).map((r) => textOf(r.value))).toEqual(['out-1', 'out-2']);
      expect(offsetsOf(await transport.committedOffsets(groupId, [input]))).toEqual(offsetsOf(consumer.positions()));
      await consumer.close();
    });

    it('resumes a restarted group at its committed positions', async () => {
      const transport = await open();
      const input = await newTopic(transport, 1);
      const writer = await transport.producer(txId());
      await writer.transaction((tx) => tx.send(['1', '2', '3', '4'].map((v) => record(input, 'k', v))));
      const groupId = group();
      const first = await transport.consumer({ groupId, topics: [input] });
      const read = await pollAll(first, 4);
      const committer = await transport.producer(txId());
      // Commits after the second record only: the rest must be read again.
      await committer.transaction((tx) => tx.sendOffsets(first, [{ topic: input, partition: 0, offset: read[1]!.offset + 1n }]));
      await first.close();
      const second = await transport.consumer({ groupId, topics: [input] });
      expect(second.positions()).toEqual([{ topic: input, partition: 0, offset: read[1]!.offset + 1n }]);
      expect((await pollAll(second, 2)).map((r) => textOf(r.value))).toEqual(['3', '4']);
      await second.close();
    });

    it('starts partitions without a committed position where startOffsets says, others at the beginning', async () => {
      const transport = await open();
      const input = await newTopic(transport, 2);
      const writer = await transport.producer(txId());
      await writer.transaction((tx) => tx.send(Array.from({ length: 20 }, (_, i) => record(input, `k${i}`, `v${i}`))));
      const all = await readTopic(transport, input);
      const onOne = all.filter((r) => r.partition === 1);
      let asked: readonly TopicPartition[] = [];
      const consumer = await transport.consumer({
        groupId: group(),
        topics: [input],
        startOffsets: async (partitions) => {
          asked = partitions;
          return [{ topic: input, partition: 1, offset: onOne[2]!.offset }];
        },
      });
      expect(asked).toEqual([{ topic: input, partition: 0 }, { topic: input, partition: 1 }]);
      const records = await pollAll(consumer, all.length - 2);
      expect(records.map((r) => textOf(r.value)).sort()).toEqual(all.filter((r) => !onOne.slice(0, 2).includes(r)).map((r) => textOf(r.value)).sort());
      await consumer.close();
    });

    it('reports per partition the lag between its position and the committed end: none once all is read', async () => {
      const transport = await open();
      const input = await newTopic(transport, 1);
      const writer = await transport.producer(txId());
      await writer.transaction((tx) => tx.send(['1', '2', '3'].map((v) => record(input, 'k', v))));
      const consumer = await transport.consumer({ groupId: group(), topics: [input] });
      // Kafka's end also counts the transaction markers, so the lag of unread records is at least their number.
      expect((await consumer.lag()).map((p) => p.end - p.offset >= 3n)).toEqual([true]);
      await pollAll(consumer, 3);
      expect(await consumer.poll(10, 200)).toEqual([]);
      expect((await consumer.lag()).map((p) => p.end - p.offset)).toEqual([0n]);
      await expect(
        writer.transaction((tx) => {
          tx.send([record(input, 'k', 'aborted')]);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      await writer.transaction((tx) => tx.send([record(input, 'k', '4')]));
      expect((await consumer.lag()).map((p) => p.end - p.offset > 0n)).toEqual([true]);
      expect((await pollAll(consumer, 1)).map((r) => textOf(r.value))).toEqual(['4']);
      expect(await consumer.poll(10, 200)).toEqual([]);
      expect((await consumer.lag()).map((p) => p.end - p.offset)).toEqual([0n]);
      await consumer.close();
    });

    it('finds per partition the first committed offset stamped at or after a time, or the end when none is', async () => {
      const transport = await open();
      const input = await newTopic(transport, 2);
      const writer = await transport.producer(txId());
      await writer.transaction((tx) => tx.send([record(input, 'a', '1'), record(input, 'b', '2')]));
      // Stamps are whole milliseconds: keep the two transactions on either side of the time.
      await sleep(5);
      const time = Date.now();
      await sleep(5);
      await writer.transaction((tx) => tx.send([record(input, 'a', '3')]));
      const all = await readTopic(transport, input);
      const later = all.find((r) => textOf(r.value) === '3')!;
      // Each partition's committed end (on Kafka, past the transaction's commit marker), from a consumer's lag.
      const reader = await transport.consumer({ groupId: group(), topics: [input] });
      const ends = await reader.lag();
      await reader.close();
      const expected = ends.map((p) => ({ ...p, offset: p.partition === later.partition ? later.offset : p.end }));
      expect(offsetsOf(await transport.offsetsAt([input], time))).toEqual(offsetsOf(expected));
      // A time after every record: each partition's end, where the next record goes.
      expect(offsetsOf(await transport.offsetsAt([input], Date.now() + 60_000))).toEqual(offsetsOf(ends.map((p) => ({ ...p, offset: p.end }))));
    });

    it('lists the topics, gives each partition its first offset and committed end without reading it, and reads a page of one partition from an offset', async () => {
      const transport = await open();
      const input = await newTopic(transport, 2);
      const empty = await newTopic(transport, 1);
      const writer = await transport.producer(txId());
      // Five versions of "a" on its partition, and one record of a key that lands on the other.
      const other = ['b', 'c', 'd', 'e'].find((k) => partitionForKey(text(k), 2) !== partitionForKey(text('a'), 2))!;
      await writer.transaction((tx) => tx.send([...['1', '2', '3', '4', '5'].map((v) => record(input, 'a', v)), record(input, other, 'x')]));
      const all = await readTopic(transport, input);
      const partitionA = all.find((r) => textOf(r.key) === 'a')!.partition;
      const ofA = all.filter((r) => r.partition === partitionA);
      const names = await transport.topicNames();
      expect(names).toEqual(expect.arrayContaining([input, empty]));
      expect(names.some((name) => name.startsWith('__'))).toBe(false);
      const bounds = await transport.partitionBounds([input, empty]);
      expect(bounds.map((b) => [b.topic, b.partition])).toEqual([
        [input, 0],
        [input, 1],
        [empty, 0],
      ]);
      const boundsA = bounds.find((b) => b.topic === input && b.partition === partitionA)!;
      expect(boundsA.start).toBe(0n);
      // Kafka's end is past the commit marker, so at least one past the last record.
      expect(boundsA.end > ofA.at(-1)!.offset).toBe(true);
      expect(bounds.find((b) => b.topic === empty)).toMatchObject({ start: 0n, end: 0n });

      const page = await transport.readPage({ topic: input, partition: partitionA, offset: ofA[1]!.offset }, 2);
      expect(page.map((r) => [textOf(r.key), textOf(r.value), r.offset])).toEqual(ofA.slice(1, 3).map((r) => ['a', textOf(r.value), r.offset]));
      // A page past the last record stops at the end; one at the end is empty.
      expect((await transport.readPage({ topic: input, partition: partitionA, offset: ofA[3]!.offset }, 100)).map((r) => textOf(r.value))).toEqual(['4', '5']);
      expect(await transport.readPage({ topic: input, partition: partitionA, offset: boundsA.end }, 10)).toEqual([]);
      expect(await transport.readPage({ topic: empty, partition: 0, offset: 0n }, 10)).toEqual([]);

      const outOfRange = await expectTransportError(transport.readPage({ topic: input, partition: partitionA, offset: boundsA.end + 5n }, 10), 'invalid-request');
      expect(outOfRange.message).toContain(`offset ${boundsA.end + 5n} is out of range for topic ${input} partition ${partitionA}: it holds offsets 0 to ${boundsA.end - 1n}`);
      expect((await expectTransportError(transport.readPage({ topic: input, partition: 7, offset: 0n }, 10), 'invalid-request')).message).toContain(`topic ${input} has no partition 7`);
      const missing = `test.transport.missing.${suffix()}`;
      await expectTransportError(transport.readPage({ topic: missing, partition: 0, offset: 0n }, 10), 'unknown-topic');
      await expectTransportError(transport.partitionBounds([missing]), 'unknown-topic');
    });

    it('refuses a record for a topic that does not exist, and commits none of its transaction', async () => {
      const transport = await open();
      const topic = await newTopic(transport, 1);
      const missing = `test.transport.missing.${suffix()}`;
      topics.push(missing);
      const producer = await transport.producer(txId());
      await expectTransportError(producer.transaction((tx) => tx.send([record(topic, 'k', 'v'), record(missing, 'k', 'v')])), 'unknown-topic');
      expect(await readTopic(transport, topic)).toEqual([]);
      await expectTransportError(readTopic(transport, missing), 'unknown-topic');
    });
  });
}
