import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InProcessLog } from '../../../transport/in-process/in-process-log.ts';
import { InProcessTransport } from '../../../transport/in-process/in-process-transport.ts';
import { COMPACTION_MIN_DEAD } from '../../../transport/in-process/partition-log.ts';
import { readTopic, record } from './transport-behaviour.ts';

const valueText = (buffer: Buffer | null): string => buffer!.toString('utf8');

async function transportWithTopic(partitions: number, compacted = false): Promise<InProcessTransport> {
  const transport = new InProcessTransport();
  await transport.ensureTopics([{ name: 'events', partitions, compacted }]);
  return transport;
}

describe('in-process log', () => {
  it('keeps records of a key in send order, whatever the partitions and transaction boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 20 }), { maxLength: 10 }),
        async (partitions, transactions) => {
          const transport = await transportWithTopic(partitions);
          const producer = await transport.producer('ordering');
          const sent = new Map<string, string[]>();
          let sequence = 0;
          for (const keys of transactions) {
            await producer.transaction((tx) => {
              for (const key of keys) {
                const value = `${key}#${sequence++}`;
                sent.set(key, [...(sent.get(key) ?? []), value]);
                tx.send([record('events', key, value)]);
              }
            });
          }
          const read = new Map<string, string[]>();
          for (const r of await readTopic(transport, 'events')) {
            const key = r.key!.toString('utf8');
            read.set(key, [...(read.get(key) ?? []), valueText(r.value)]);
          }
          expect(read).toEqual(sent);
        },
      ),
    );
  });

  it('commits each transaction all or nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ size: fc.integer({ min: 0, max: 15 }), commits: fc.boolean(), topics: fc.constantFrom(['one'], ['two'], ['one', 'two']) }), { maxLength: 12 }),
        async (transactions) => {
          const transport = new InProcessTransport();
          await transport.ensureTopics([{ name: 'one', partitions: 3 }, { name: 'two', partitions: 2 }]);
          const producer = await transport.producer('atomic');
          const expected: string[] = [];
          for (const [t, { size, commits, topics }] of transactions.entries()) {
            const values = Array.from({ length: size }, (_, i) => `t${t}-r${i}`);
            const run = producer.transaction((tx) => {
              values.forEach((value, i) => tx.send([record(topics[i % topics.length]!, `k${i}`, value)]));
              if (!commits) throw new Error(`abort ${t}`);
            });
            if (commits) {
              await run;
              expected.push(...values);
            } else {
              await expect(run).rejects.toThrow(`abort ${t}`);
            }
          }
          const read = [...(await readTopic(transport, 'one')), ...(await readTopic(transport, 'two'))].map((r) => valueText(r.value));
          expect(read.sort()).toEqual(expected.sort());
        },
      ),
    );
  });

  it('spreads records without a key over the partitions in turn', async () => {
    const transport = await transportWithTopic(3);
    const producer = await transport.producer('unkeyed');
    await producer.transaction((tx) => tx.send(Array.from({ length: 9 }, (_, i) => record('events', null, `v${i}`))));
    const perPartition = [0, 0, 0];
    for (const r of await readTopic(transport, 'events')) perPartition[r.partition]! += 1;
    expect(perPartition).toEqual([3, 3, 3]);
  });

  it('compacts a compacted topic lazily: superseded records and tombstones go, latest versions stay', async () => {
    const transport = await transportWithTopic(1, true);
    const producer = await transport.producer('changelog');
    const keys = 10;
    const rounds = 500;
    for (let round = 0; round < rounds; round += 1) {
      await producer.transaction((tx) => tx.send(Array.from({ length: keys }, (_, k) => record('events', `k${k}`, k === 0 && round === rounds - 1 ? null : `k${k}@${round}`))));
    }
    const records = await readTopic(transport, 'events');
    // 5000 records were written; without compaction all of them would still be there.
    expect(records.length).toBeLessThanOrEqual(keys + COMPACTION_MIN_DEAD);
    const state = new Map<string, string>();
    for (const r of records) {
      if (r.value === null) state.delete(r.key!.toString());
      else state.set(r.key!.toString(), valueText(r.value));
    }
    expect(Object.fromEntries(state)).toEqual(Object.fromEntries(Array.from({ length: keys - 1 }, (_, i) => [`k${i + 1}`, `k${i + 1}@${rounds - 1}`])));
    // Offsets keep counting through compaction, and stay in order.
    const offsets = records.map((r) => r.offset);
    expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : 1)));
    expect(offsets.at(-1)).toBe(BigInt(keys * rounds - 1));
  });

  it('gives back every record byte for byte, whatever its size: empty, null, and larger than a slab, before and after compaction', async () => {
    const transport = await transportWithTopic(1, true);
    const producer = await transport.producer('sizes');
    const bytes = (length: number, seed: number): Buffer => Buffer.from(Array.from({ length }, (_, i) => (i * 31 + seed) % 256));
    // Sizes around the first slab (4 KiB), one past the largest (1 MiB), and nothing at all.
    const sizes = [0, 1, 4095, 4096, 4097, 70_000, (1 << 20) + 3, 10];
    const sent = sizes.map((size, i) => ({ topic: 'events', key: i === 0 ? Buffer.alloc(0) : bytes(i, 7), value: i === 7 ? null : bytes(size, i) }));
    await producer.transaction((tx) => tx.send(sent));
    const same = async (expected: readonly { key: Buffer; value: Buffer | null }[]): Promise<void> => {
      const read = await readTopic(transport, 'events');
      expect(read.map((r) => [r.key!.toString('hex'), r.value?.toString('hex') ?? null])).toEqual(expected.map((r) => [r.key.toString('hex'), r.value?.toString('hex') ?? null]));
    };
    await same(sent);
    // Enough superseded versions of another key to compact the partition: the sizes' latest versions stay, bytes intact.
    for (let round = 0; round < 3; round += 1) await producer.transaction((tx) => tx.send(Array.from({ length: COMPACTION_MIN_DEAD }, (_, i) => record('events', 'churn', `v${round}-${i}`))));
    const read = await readTopic(transport, 'events');
    expect(read.length).toBeLessThan(COMPACTION_MIN_DEAD);
    await same([...sent.filter((r) => r.value !== null), { key: Buffer.from('churn'), value: Buffer.from(`v2-${COMPACTION_MIN_DEAD - 1}`) }]);
  });

  it('wakes a waiting reader on the next commit to its topic, not on an aborted transaction', async () => {
    const log = new InProcessLog();
    const transport = new InProcessTransport(log);
    await transport.ensureTopics([{ name: 'events', partitions: 2 }, { name: 'other', partitions: 1 }]);
    const producer = await transport.producer('waker');
    let woken = false;
    const waiting = log.waitForAppend('events', log.endOffsets('events')).then(() => (woken = true));
    await expect(producer.transaction((tx) => {
      tx.send([record('events', 'k', 'aborted')]);
      throw new Error('abort');
    })).rejects.toThrow('abort');
    await producer.transaction((tx) => tx.send([record('other', 'k', 'elsewhere')]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(woken).toBe(false);
    await producer.transaction((tx) => tx.send([record('events', 'k', 'committed')]));
    await waiting;
    expect(woken).toBe(true);
    // Records already past what the caller has seen: no wait at all.
    await log.waitForAppend('events', [0n, 0n]);
  });

  it('stops waiting when the signal aborts', async () => {
    const log = new InProcessLog();
    log.createTopic({ name: 'events', partitions: 1 });
    const controller = new AbortController();
    const waiting = log.waitForAppend('events', log.endOffsets('events'), controller.signal);
    controller.abort(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
  });

  it('refuses a transaction used after it ended', async () => {
    const transport = await transportWithTopic(1);
    const producer = await transport.producer('strict');
    let leaked: Parameters<Parameters<typeof producer.transaction>[0]>[0] | undefined;
    await producer.transaction((tx) => {
      leaked = tx;
    });
    expect(() => leaked!.send([record('events', 'k', 'late')])).toThrow(/after it ended/);
    expect(await readTopic(transport, 'events')).toEqual([]);
  });

  it('refuses work after close: the producer, and the transport with its producers', async () => {
    const transport = await transportWithTopic(1);
    const producer = await transport.producer('closing');
    await producer.close();
    await expect(producer.transaction(() => undefined)).rejects.toMatchObject({ code: 'closed' });
    const other = await transport.producer('closing-2');
    await transport.close();
    await expect(other.transaction(() => undefined)).rejects.toMatchObject({ code: 'closed' });
    await expect(transport.producer('late')).rejects.toMatchObject({ code: 'closed' });
    await expect(readTopic(transport, 'events')).rejects.toMatchObject({ code: 'closed' });
  });
});
