import { MockClient } from '@confluentinc/schemaregistry';
import { describe, expect, it } from 'vitest';
import type { ProcessorError } from '../../../../processors/runtime/processor-error.ts';
import type { ProcessorEvent } from '../../../../processors/runtime/processor-events.ts';
import { runProcessor } from '../../../../processors/runtime/processor-runtime.ts';
import type { Processor } from '../../../../processors/runtime/processor.ts';
import { processorNames } from '../../../../processors/runtime/runtime-options.ts';
import { readDeadLetterSchema } from '../../../../schemas/dlq-contract.ts';
import type { DeadLetter } from '../../../../schemas/generated/bronze-types.ts';
import { recordSerde } from '../../../../schemas/record-serde.ts';
import { registerSchemas } from '../../../../schemas/registration.ts';
import { InProcessLog } from '../../../../transport/in-process/in-process-log.ts';
import { TransportError, unavailable } from '../../../../transport/transport-error.ts';
import type { Transaction, Transport } from '../../../../transport/transport.ts';
import { openTransport } from '../../../../transport/open-transport.ts';
import { readTopic } from '../../transport/transport-behaviour.ts';
import { outputTotals, runtimeBehaviour } from './runtime-behaviour.ts';
import { dedupeSum, eventRecord, expectedTotals, type TestEvent } from '../../../../bench/test-processors.ts';

const log = new InProcessLog();

runtimeBehaviour('the in-process log', {
  open: () => openTransport({ kind: 'in-process', log }),
  dropTopics: async () => {},
});

describe('processor runtime and the schema registry', () => {
  it('stops with an error naming the subject and schema id when a value\'s schema cannot be read, committing nothing past it', async () => {
    const transport = await openTransport({ kind: 'in-process', log });
    const registry = new MockClient();
    await registerSchemas(registry, [{ subject: 'test.schemas.in-value', schema: readDeadLetterSchema() }]);
    await transport.ensureTopics([{ name: 'test.schemas.in', partitions: 1 }]);
    const serde = recordSerde<{ letters: DeadLetter }>(registry, { letters: 'test.schemas.in' });
    const letter: DeadLetter = { entity: 'e', stage: 'silver', reason: 'r', field: null, value: null, source_uri: 'u', source_position: 'p', raw: Buffer.alloc(0), failed_at: new Date(0) };
    const good = await serde.serialize('letters', letter);
    // The same bytes framed with a schema id the registry never gave out.
    const unknown = Buffer.from(good);
    unknown.writeInt32BE(4242, 1);
    const producer = await transport.producer('test-schemas-writer');
    await producer.transaction((tx) => tx.send([good, unknown].map((value) => ({ topic: 'test.schemas.in', key: null, value }))));
    const reader: Processor = {
      name: 'schema-reader',
      inputs: ['test.schemas.in'],
      outputs: [{ name: 'test.schemas.out', partitions: 1 }],
      stores: [],
      badRecords: 'skip',
      async process(record, context) {
        const read = await serde.deserialize('letters', record.value!);
        context.send({ topic: 'test.schemas.out', key: null, value: Buffer.from(read.reason) });
      },
    };
    const running = await runProcessor(reader, { transport, registry, maxBatch: 1, pollMs: 20 });
    const error = (await running.done.then(() => undefined, (e: unknown) => e)) as ProcessorError;
    expect(error.code).toBe('unreadable-schema');
    expect(error.message).toContain('test.schemas.in partition 0 offset 1');
    expect(error.message).toContain('schema id 4242 under subject test.schemas.in-value');
    // The good record before it was committed, the unreadable one was not skipped.
    expect(await transport.committedOffsets(processorNames('', 'schema-reader').groupId, ['test.schemas.in'])).toEqual([{ topic: 'test.schemas.in', partition: 0, offset: 1n }]);
    expect((await readTopic(transport, 'test.schemas.out')).map((r) => r.value!.toString())).toEqual(['r']);
    await transport.close();
  });
});

describe('processor runtime and records the transport refuses', () => {
  it('stops without retrying when a processor sends a record the log refuses, committing nothing of its batch', async () => {
    const transport = await openTransport({ kind: 'in-process', log });
    await transport.ensureTopics([{ name: 'test.refused.in', partitions: 1 }]);
    const producer = await transport.producer('test-refused-writer');
    await producer.transaction((tx) => tx.send([{ topic: 'test.refused.in', key: null, value: Buffer.from('x') }]));
    const keyless: Processor = {
      name: 'keyless',
      inputs: ['test.refused.in'],
      outputs: [{ name: 'test.refused.out', partitions: 1, compacted: true }],
      stores: [],
      badRecords: 'skip',
      process(record, context) {
        context.send({ topic: 'test.refused.out', key: null, value: record.value });
      },
    };
    const events: ProcessorEvent[] = [];
    const running = await runProcessor(keyless, { transport, registry: new MockClient(), pollMs: 20, onEvent: (e) => events.push(e) });
    const error = (await running.done.then(() => undefined, (e: unknown) => e)) as ProcessorError;
    expect(error.code).toBe('failed');
    expect(error.message).toMatch(/processor keyless sent a record the transport refuses: topic test.refused.out is compacted/);
    expect(events.filter((e) => e.kind === 'transaction-retried')).toEqual([]);
    expect(await transport.committedOffsets(processorNames('', 'keyless').groupId, ['test.refused.in'])).toEqual([]);
    await transport.close();
  });
});

/** The transport with its producers' first `times` commits failing with `failure()` after the work ran (fault injection around the real producer). */
function commitsFailing(transport: Transport, times: number, failure: () => Error): Transport {
  let failures = times;
  return Object.assign(Object.create(transport) as Transport, {
    producer: async (id: string) => {
      const real = await transport.producer(id);
      return {
        transaction: <T>(work: (tx: Transaction) => Promise<T> | T) =>
          real.transaction(async (tx) => {
            const result = await work(tx);
            if (failures-- > 0) throw failure();
            return result;
          }),
        close: () => real.close(),
      };
    },
  });
}

/** 30 events (20 ids, 10 of them repeated) written to a new 2-partition `topic`. */
async function writeEvents(transport: Transport, topic: string): Promise<TestEvent[]> {
  await transport.ensureTopics([{ name: topic, partitions: 2 }]);
  const events: TestEvent[] = Array.from({ length: 30 }, (_, i) => ({ id: `e${i % 20}`, group: `g${i % 3}`, amount: i + 1, seq: i < 20 ? 1 : 0 }));
  const writer = await transport.producer(`${topic}-writer`);
  await writer.transaction((tx) => tx.send(events.map((e) => eventRecord(topic, e))));
  return events;
}

describe('processor runtime after a commit that fails', () => {
  it('keeps its stores at the committed state and rewinds to the committed positions, so the retried batch counts once', async () => {
    const transport = await openTransport({ kind: 'in-process', log });
    // Fault injection around the real producer: its first two commits fail after the work ran.
    const flaky = commitsFailing(transport, 2, () => new TransportError('kafka-failed', 'the commit failed (injected)', 'none'));
    const events = await writeEvents(transport, 'test.flaky.in');
    const seen: ProcessorEvent[] = [];
    const processor = dedupeSum({ name: 'flaky', input: 'test.flaky.in', output: 'test.flaky.out', badRecords: 'skip' });
    const running = await runProcessor(processor, { transport: flaky, registry: new MockClient(), onEvent: (e) => seen.push(e), pollMs: 20 });
    await running.whenIdle();
    expect(seen.filter((e) => e.kind === 'transaction-retried').map((e) => e.kind === 'transaction-retried' && e.attempt)).toEqual([1, 2]);
    expect(outputTotals(await readTopic(transport, 'test.flaky.out'))).toEqual(expectedTotals(events));
    expect(running.snapshot()).toMatchObject({ recordsIn: 30, recordsOut: 20, deduplicated: 10 });
    await running.stop();
    await transport.close();
  });
  it('waits for Kafka as long as it does not answer, saying so, without giving up after the failed commits it allows otherwise', async () => {
    const transport = await openTransport({ kind: 'in-process', log });
    // Kafka away for eight commits in a row (more than the five failed commits a processor allows for other causes).
    let duringOutage: ReturnType<Awaited<ReturnType<typeof runProcessor>>['snapshot']> | undefined;
    const away = commitsFailing(transport, 8, () => unavailable('committing a transaction', '127.0.0.1:9', 'Local: Timed out, librdkafka code -185'));
    const events = await writeEvents(transport, 'test.away.in');
    const seen: ProcessorEvent[] = [];
    const processor = dedupeSum({ name: 'away', input: 'test.away.in', output: 'test.away.out', badRecords: 'skip' });
    const running = await runProcessor(processor, {
      transport: away,
      registry: new MockClient(),
      onEvent: (e) => {
        seen.push(e);
        if (e.kind === 'waiting' && e.outage.attempt === 3) duringOutage = running.snapshot();
      },
      pollMs: 20,
      kafkaBackoff: { baseMs: 2, maxMs: 8 },
    });
    await running.whenIdle();
    expect(duringOutage).toMatchObject({ state: 'waiting', waitingFor: expect.stringMatching(/^waiting for Kafka at 127\.0\.0\.1:9 since \d\d:\d\d:\d\d UTC: committing a transaction failed/) });
    expect(seen.filter((e) => e.kind === 'waiting').map((e) => e.kind === 'waiting' && e.outage.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(seen.filter((e) => e.kind === 'resumed' || e.kind === 'transaction-retried' || e.kind === 'failed').map((e) => e.kind)).toEqual(['resumed']);
    expect(outputTotals(await readTopic(transport, 'test.away.out'))).toEqual(expectedTotals(events));
    expect(running.snapshot()).toMatchObject({ state: 'idle', waitingFor: null, recordsIn: 30, recordsOut: 20, deduplicated: 10 });
    await running.stop();
    await transport.close();
  });
});
