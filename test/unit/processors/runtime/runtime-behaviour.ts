import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessorHost } from '../../../../processors/runtime/processor-host.ts';
import { ProcessorError } from '../../../../processors/runtime/processor-error.ts';
import type { ProcessorEvent } from '../../../../processors/runtime/processor-events.ts';
import { runProcessor } from '../../../../processors/runtime/processor-runtime.ts';
import type { Processor } from '../../../../processors/runtime/processor.ts';
import { processorNames } from '../../../../processors/runtime/runtime-options.ts';
import { recordSerde } from '../../../../schemas/record-serde.ts';
import type { DeadLetter } from '../../../../schemas/generated/bronze-types.ts';
import type { StoredRecord, Transport } from '../../../../transport/transport.ts';
import { readTopic } from '../../transport/transport-behaviour.ts';
import { dedupeSum, deadLetterRegistry, eventRecord, expectedTotals, passthrough, type TestEvent } from '../../../../bench/test-processors.ts';

/**
 * The runtime's behaviour, written once and run on each transport: the
 * in-process log here (unit), Kafka in test/integration/processors/runtime/.
 */
export interface RuntimeUnderTest {
  open(): Promise<Transport>;
  dropTopics(names: readonly string[]): Promise<void>;
}

/** Per group: how many totals the output holds, and the last one. */
export function outputTotals(records: readonly StoredRecord[]): Map<string, { count: number; total: number }> {
  const totals = new Map<string, { count: number; total: number }>();
  for (const record of records) {
    const group = record.key!.toString();
    totals.set(group, { count: (totals.get(group)?.count ?? 0) + 1, total: Number(record.value!.toString()) });
  }
  return totals;
}

export function runtimeBehaviour(label: string, under: RuntimeUnderTest): void {
  describe(`processor runtime on ${label}`, () => {
    const transports: Transport[] = [];
    const topics: string[] = [];
    const stoppers: (() => Promise<void>)[] = [];

    const setup = async (options: { badRecords?: Processor['badRecords']; partitions?: number } = {}) => {
      const id = randomBytes(4).toString('hex');
      const transport = await under.open();
      transports.push(transport);
      const input = `test.runtime.${id}.in`;
      const output = `test.runtime.${id}.out`;
      const dlq = `test.runtime.${id}.dlq`;
      const namespace = `test-${id}.`;
      const processor = dedupeSum({ name: 'dedupe-sum', input, output, badRecords: options.badRecords ?? 'dead-letter', deadLetterTopic: dlq });
      const names = processorNames(namespace, processor.name);
      topics.push(input, output, dlq, names.changelog('seen'), names.changelog('sums'));
      await transport.ensureTopics([{ name: input, partitions: options.partitions ?? 3 }]);
      const registry = await deadLetterRegistry([dlq]);
      const events: ProcessorEvent[] = [];
      const producer = await transport.producer(`test-runtime-writer-${id}`);
      const write = (batch: readonly TestEvent[]): Promise<void> => producer.transaction((tx) => tx.send(batch.map((e) => eventRecord(input, e))));
      const start = async (p: Processor = processor) => {
        const running = await runProcessor(p, { transport, registry, namespace, onEvent: (e) => events.push(e), pollMs: 50, maxBatch: 7 });
        stoppers.push(() => running.stop());
        return running;
      };
      return { transport, input, output, dlq, namespace, processor, names, registry, events, write, start };
    };

    afterEach(async () => {
      await Promise.all(stoppers.splice(0).map((stop) => stop()));
      await Promise.all(transports.splice(0).map((t) => t.close()));
      await under.dropTopics(topics.splice(0));
    });

    const events = (n: number, from = 0): TestEvent[] => Array.from({ length: n }, (_, i) => ({ id: `e${(from + i) % 40}`, group: `g${(from + i) % 5}`, amount: from + i + 1, seq: from + i }));

    it('processes every record exactly once and commits the consumed positions with the output', async () => {
      const t = await setup();
      const sent = events(100);
      await t.write(sent);
      const running = await t.start();
      await running.whenIdle();
      expect(outputTotals(await readTopic(t.transport, t.output))).toEqual(expectedTotals(sent));
      const ends = (await t.transport.committedOffsets(t.names.groupId, [t.input])).reduce((sum, p) => sum + p.offset, 0n);
      expect(ends).toBe(100n);
      const snapshot = running.snapshot();
      expect(snapshot).toMatchObject({ processor: 'dedupe-sum', state: 'idle', recordsIn: 100, recordsOut: 100, deduplicated: 0, deadLettered: 0, lag: 0 });
      expect(snapshot.transactions).toBeGreaterThanOrEqual(100 / 7);
      expect(snapshot.commitMs).not.toBeNull();
    });

    it('restores its stores from the changelogs after a restart and resumes at the committed position', async () => {
      const t = await setup();
      const first = events(60);
      await t.write(first);
      const running = await t.start();
      await running.whenIdle();
      await running.stop();
      expect(running.snapshot().state).toBe('stopped');
      // Repeats of seen ids with old seqs are duplicates; the rest are new.
      const second = [...events(20), ...events(50, 60)];
      await t.write(second);
      const again = await t.start();
      await again.whenIdle();
      expect(t.events.filter((e) => e.kind === 'started').map((e) => e.kind === 'started' && e.restored)).toEqual([{ seen: 0, sums: 0 }, { seen: 40, sums: 5 }]);
      expect(outputTotals(await readTopic(t.transport, t.output))).toEqual(expectedTotals([...first, ...second]));
      expect(again.snapshot()).toMatchObject({ recordsIn: 70, deduplicated: 20, recordsOut: 50 });
    });

    it('dead-letters a refused record with its rule, field, value and position, takes back its writes, and goes on', async () => {
      const t = await setup();
      const sent: TestEvent[] = [{ id: 'a', group: 'g', amount: 5, seq: 1 }, { id: 'b', group: 'g', amount: -3, seq: 1 }, { id: 'b', group: 'g', amount: 4, seq: 1 }, { id: 'c', group: 'g', amount: 1, seq: 1 }];
      await t.write(sent);
      const running = await t.start();
      await running.whenIdle();
      // b's refused write to `seen` was taken back, so b with the same seq is accepted.
      expect(outputTotals(await readTopic(t.transport, t.output))).toEqual(new Map([['g', { count: 3, total: 10 }]]));
      const [letter, ...rest] = await readTopic(t.transport, t.dlq);
      expect(rest).toEqual([]);
      const input = (await readTopic(t.transport, t.input)).find((r) => r.value!.toString().includes('-3'))!;
      const serde = recordSerde<Record<string, DeadLetter>>(t.registry, { [t.dlq]: t.dlq });
      expect(await serde.deserialize(t.dlq, letter!.value!)).toMatchObject({ entity: 'events', stage: 'silver', reason: 'out-of-range: amount is outside its contract’s range (must not be negative)', field: 'amount', value: '-3', source_uri: t.input, source_position: `partition ${input.partition} offset ${input.offset}`, raw: input.value });
      expect(letter!.key).toEqual(input.key);
      expect(running.snapshot()).toMatchObject({ recordsIn: 4, recordsOut: 3, deadLettered: 1 });
      expect(t.events).toContainEqual(expect.objectContaining({ kind: 'record-refused', action: 'dead-letter', rule: 'out-of-range', field: 'amount', value: '-3' }));
    });

    it('skips a refused record under the skip policy, counting it', async () => {
      const t = await setup({ badRecords: 'skip' });
      await t.write([{ id: 'a', group: 'g', amount: -1, seq: 1 }, { id: 'b', group: 'g', amount: 2, seq: 1 }]);
      const running = await t.start();
      await running.whenIdle();
      expect(outputTotals(await readTopic(t.transport, t.output))).toEqual(new Map([['g', { count: 1, total: 2 }]]));
      expect(await readTopic(t.transport, t.dlq)).toEqual([]);
      expect(running.snapshot()).toMatchObject({ recordsIn: 2, skipped: 1, deadLettered: 0 });
    });

    it('stops under the fail policy without committing the batch of the refused record', async () => {
      const t = await setup({ badRecords: 'fail', partitions: 1 });
      await t.write([{ id: 'a', group: 'g', amount: 1, seq: 1 }, { id: 'b', group: 'g', amount: -1, seq: 1 }]);
      const running = await t.start();
      const error = await running.done.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ProcessorError);
      expect((error as ProcessorError).message).toMatch(/partition 0 offset 1 .*amount.*must not be negative.*policy is fail/);
      await expect(running.whenIdle()).rejects.toBe(error);
      expect(running.snapshot().state).toBe('failed');
      expect(await readTopic(t.transport, t.output)).toEqual([]);
      expect(await t.transport.committedOffsets(t.names.groupId, [t.input])).toEqual([]);
    });

    it('stops on any other error, naming the record, and a restart after the fix resumes at that record with the state as committed', async () => {
      const t = await setup({ partitions: 1 });
      await t.write(events(10));
      const first = await t.start();
      await first.whenIdle();
      await first.stop();
      await t.write([{ id: 'poison', group: 'g0', amount: 1, seq: 1 }, ...events(5, 10)]);
      const broken: Processor = {
        ...t.processor,
        process(record, context) {
          if (record.value!.toString().includes('poison')) throw new TypeError('cannot read poison');
          return t.processor.process(record, context);
        },
      };
      const failing = await t.start(broken);
      const error = (await failing.done.then(() => undefined, (e: unknown) => e)) as ProcessorError;
      const input = await readTopic(t.transport, t.input);
      const poison = input.find((r) => r.value!.toString().includes('poison'))!;
      expect(error.code).toBe('failed');
      expect(error.message).toContain(`partition 0 offset ${poison.offset}: cannot read poison`);
      // Committed up to the poison record and not past it (Kafka's transaction markers may lie between).
      const [committed] = await t.transport.committedOffsets(t.names.groupId, [t.input]);
      expect(committed!.offset).toBeGreaterThan(input[input.indexOf(poison) - 1]!.offset);
      expect(committed!.offset).toBeLessThanOrEqual(poison.offset);
      const fixed = await t.start();
      await fixed.whenIdle();
      expect(outputTotals(await readTopic(t.transport, t.output))).toEqual(expectedTotals([...events(10), { id: 'poison', group: 'g0', amount: 1, seq: 1 }, ...events(5, 10)]));
    });

    it('flushes once per batch, committing what the flush sends with its batch, and commits nothing of a batch whose flush fails', async () => {
      const t = await setup({ partitions: 1 });
      // Sends, at the end of each batch, how many records it held; refuses to flush a batch holding a negative amount.
      const counting = (name: string): Processor => {
        const held = new WeakMap<object, { records: number; negative: boolean }>();
        return {
          name,
          inputs: [t.input],
          outputs: [{ name: t.output, partitions: 1 }],
          stores: [],
          badRecords: 'fail',
          process(record, context) {
            const batch = held.get(context) ?? { records: 0, negative: false };
            held.set(context, { records: batch.records + 1, negative: batch.negative || record.value!.toString().includes('"amount":-') });
          },
          flush(context) {
            const batch = held.get(context);
            if (batch?.negative === true) throw new RangeError('a negative amount');
            if (batch !== undefined) context.send({ topic: t.output, key: null, value: Buffer.from(String(batch.records)) });
          },
        };
      };
      await t.write(events(30));
      const running = await t.start(counting('batch-counter'));
      await running.whenIdle();
      const counts = (await readTopic(t.transport, t.output)).map((r) => Number(r.value!.toString()));
      expect(counts.reduce((sum, n) => sum + n, 0)).toBe(30);
      expect(counts.every((n) => n >= 1 && n <= 7)).toBe(true);
      expect(running.snapshot()).toMatchObject({ recordsIn: 30, recordsOut: counts.length, transactions: counts.length });
      await running.stop();

      await t.write([...events(5, 30), { id: 'bad', group: 'g', amount: -1, seq: 1 }, ...events(5, 35)]);
      const failing = await t.start(counting('batch-counter'));
      const error = (await failing.done.then(() => undefined, (e: unknown) => e)) as ProcessorError;
      expect(error).toBeInstanceOf(ProcessorError);
      expect(error.message).toContain('processor batch-counter failed flushing a batch: a negative amount');
      // What committed was flushed exactly once; the batch of the bad record did not commit.
      const input = await readTopic(t.transport, t.input);
      const bad = input.find((r) => r.value!.toString().includes('"id":"bad"'))!;
      const [committed] = await t.transport.committedOffsets(processorNames(t.namespace, 'batch-counter').groupId, [t.input]);
      expect(committed!.offset).toBeLessThanOrEqual(bad.offset);
      const flushed = (await readTopic(t.transport, t.output)).map((r) => Number(r.value!.toString())).reduce((sum, n) => sum + n, 0);
      expect(flushed).toBe(input.filter((r) => r.offset < committed!.offset).length);
    });

    it('fences an older instance of the processor once a newer one starts', async () => {
      const t = await setup();
      await t.write(events(10));
      const older = await t.start();
      await older.whenIdle();
      const newer = await t.start();
      await t.write(events(10, 10));
      await newer.whenIdle();
      const error = (await older.done.then(() => undefined, (e: unknown) => e)) as ProcessorError;
      expect(error).toBeInstanceOf(ProcessorError);
      expect(error.message).toMatch(/fenced/);
      expect(outputTotals(await readTopic(t.transport, t.output))).toEqual(expectedTotals(events(20)));
    });

    it('replays from a time by rebuilding state from every partition\'s earlier records first: a later record never meets state yet to be rebuilt', async () => {
      const t = await setup({ partitions: 1 });
      const dims = `${t.input}.dims`;
      topics.push(dims);
      await t.transport.ensureTopics([{ name: dims, partitions: 1 }]);
      // Facts "f=d" and dimensions "d=name": sends each fact with its dimension's name (empty while unknown), and again when the name comes.
      const lookup: Processor = {
        name: 'lookup',
        // Facts first: one record per batch, the in-process log polls their partition first.
        inputs: [t.input, dims],
        outputs: [{ name: t.output, partitions: 1 }],
        stores: ['names', 'facts'],
        badRecords: 'fail',
        process(record, context) {
          const names = context.store<string>('names');
          const facts = context.store<string[]>('facts');
          const [id, value] = record.value!.toString().split('=') as [string, string];
          const send = (fact: string, dim: string): void => context.send({ topic: t.output, key: Buffer.from(fact), value: Buffer.from(names.get(dim) ?? '') });
          if (record.topic === dims) {
            names.put(id, value);
            for (const fact of facts.get(id) ?? []) send(fact, id);
          } else {
            facts.put(value, [...(facts.get(value) ?? []), id]);
            send(id, value);
          }
        },
      };
      const writer = await t.transport.producer(`test-runtime-lookup-${t.namespace}`);
      await writer.transaction((tx) => tx.send([{ topic: dims, key: Buffer.from('d1'), value: Buffer.from('d1=Meat') }]));
      // Stamps are whole milliseconds: the dimension before the replay's start, the fact after it.
      await sleep(5);
      const from = Date.now();
      await sleep(5);
      await writer.transaction((tx) => tx.send([{ topic: t.input, key: Buffer.from('f1'), value: Buffer.from('f1=d1') }]));
      await writer.close();
      const replay = await runProcessor(lookup, { transport: t.transport, registry: t.registry, namespace: t.namespace, outputFrom: from, pollMs: 50, maxBatch: 1 });
      stoppers.push(() => replay.stop());
      await replay.whenIdle();
      // Sent once, after the rebuild, with the name; never with the name unknown.
      expect((await readTopic(t.transport, t.output)).map((r) => `${r.key!.toString()}:${r.value!.toString()}`)).toEqual(['f1:Meat']);
    });

    it('runs a chain of processors in one host and settles when nothing is left in flight', async () => {
      const t = await setup();
      const middle = `${t.input}.copy`;
      topics.push(middle);
      const copy = passthrough('copy', t.input, middle);
      const sum = { ...t.processor, inputs: [middle] };
      const host = await ProcessorHost.start([copy, sum], { transport: t.transport, registry: t.registry, namespace: `host-${randomBytes(4).toString('hex')}.`, pollMs: 50 });
      stoppers.push(() => host.stop());
      const sent = events(200);
      await t.write(sent);
      await host.settled();
      expect(outputTotals(await readTopic(t.transport, t.output))).toEqual(expectedTotals(sent));
      expect(host.snapshot().map((s) => [s.processor, s.recordsIn, s.lag])).toEqual([
        ['copy', 200, 0],
        ['dedupe-sum', 200, 0],
      ]);
      await host.stop();
      await host.done;
    });
  });
}
