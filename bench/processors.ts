/**
 * `npm run bench:processors [-- --records N]`: records per second through the
 * processor runtime, on the in-process log and on Kafka (the local stack, or
 * MEDALLION_KAFKA_*), for a stateless processor and a stateful one (dedupe and a
 * running sum over changelog-backed stores), exactly once (transactions) and at
 * least once — next to a passthrough consume→produce loop on the same clients
 * in the same run. Then latency: records written at a steady rate, each timed
 * from its write (in a transaction of its own batch) to its output's arrival at
 * a read_committed consumer (p50/p99).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { MockClient } from '@confluentinc/schemaregistry';
import { resolveConnections } from '../config/connections.ts';
import { percentile } from '../processors/runtime/processor-metrics.ts';
import { processorTopics, runProcessor } from '../processors/runtime/processor-runtime.ts';
import type { Processor } from '../processors/runtime/processor.ts';
import { DELIVERY_MODES, RUNTIME_DEFAULTS, type DeliveryMode } from '../processors/runtime/runtime-options.ts';
import { InProcessTransport } from '../transport/in-process/in-process-transport.ts';
import { KafkaTransport } from '../transport/kafka/kafka-transport.ts';
import type { StoredRecord, Transport } from '../transport/transport.ts';
import { dedupeSum, eventRecord, passthrough, type TestEvent } from '../test/unit/processors/runtime/test-processors.ts';

const { values } = parseArgs({ options: { records: { type: 'string', default: '20000' }, 'max-batch': { type: 'string', default: String(RUNTIME_DEFAULTS.maxBatch) }, rate: { type: 'string', default: '2000' } } });
const records = Number(values.records);
const maxBatch = Number(values['max-batch']);
const rate = Number(values.rate);
if (![records, maxBatch, rate].every((n) => Number.isInteger(n) && n > 0)) {
  console.error(`--records, --max-batch and --rate must be whole numbers above 0 (got ${values.records}, ${values['max-batch']}, ${values.rate})`);
  process.exit(2);
}

const KINDS = ['loop', 'stateless', 'stateful'] as const;
type Kind = (typeof KINDS)[number];
const PARTITIONS = 3;
const WRITE_BATCH = 5000;
const registry = new MockClient();

interface Scenario {
  readonly kind: Kind;
  readonly delivery: DeliveryMode;
}

interface Topics {
  readonly input: string;
  readonly output: string;
  readonly namespace: string;
}

const freshTopics = (): Topics => {
  const id = randomBytes(4).toString('hex');
  return { input: `bench.processors.${id}.in`, output: `bench.processors.${id}.out`, namespace: `bench-${id}.` };
};

const event = (n: number): TestEvent => ({ id: `e${n}`, group: `g${n % 1000}`, amount: (n % 9) + 1, seq: 1 });

function processorOf(kind: Exclude<Kind, 'loop'>, topics: Topics): Processor {
  if (kind === 'stateless') return passthrough('stateless', topics.input, topics.output, PARTITIONS);
  return dedupeSum({ name: 'stateful', input: topics.input, output: topics.output, partitions: PARTITIONS, badRecords: 'skip' });
}

/** Writes events `from` to `to` (exclusive) in transactions of WRITE_BATCH; not timed. */
async function writeEvents(transport: Transport, topic: string, from: number, to: number): Promise<void> {
  const producer = await transport.producer(`bench-writer-${randomBytes(4).toString('hex')}`);
  for (let n = from; n < to; n += WRITE_BATCH) {
    await producer.transaction((tx) => tx.send(Array.from({ length: Math.min(WRITE_BATCH, to - n) }, (_, i) => eventRecord(topic, event(n + i)))));
  }
  await producer.close();
}

/** The passthrough loop: the same consumer and producer the runtime uses, with nothing in between. */
async function runLoop(transport: Transport, topics: Topics, delivery: DeliveryMode, until: () => boolean, started: () => void): Promise<void> {
  const producer = await transport.producer(`bench-loop-${topics.namespace}`, { atomic: delivery === 'exactly-once' });
  const consumer = await transport.consumer({ groupId: `bench-loop-${topics.namespace}`, topics: [topics.input] });
  started();
  try {
    while (!until()) {
      const batch = await consumer.poll(maxBatch, 20);
      if (batch.length === 0) continue;
      await producer.transaction((tx) => {
        tx.send(batch.map((r) => ({ topic: topics.output, key: r.key, value: r.value })));
        tx.sendOffsets(consumer, consumer.positions());
      });
    }
  } finally {
    await consumer.close();
    await producer.close();
  }
}

/** Runs the scenario until `until` says so, calling `started` once it is ready to read; throughput and latency phases both use it. */
async function runScenario(transport: Transport, topics: Topics, scenario: Scenario, until: () => boolean, started: () => void = () => {}): Promise<void> {
  if (scenario.kind === 'loop') return runLoop(transport, topics, scenario.delivery, until, started);
  const running = await runProcessor(processorOf(scenario.kind, topics), { transport, registry, namespace: topics.namespace, delivery: scenario.delivery, maxBatch, pollMs: 20 });
  started();
  try {
    while (!until()) await Promise.race([running.done, new Promise((resolve) => setTimeout(resolve, 10))]);
  } finally {
    await running.stop();
  }
  await running.done;
}

/** Counts output records as they arrive (read_committed) and calls `arrived` for each. */
async function watchOutput(transport: Transport, topic: string, arrived: (record: StoredRecord, at: number) => void, stop: () => boolean): Promise<void> {
  const consumer = await transport.consumer({ groupId: `bench-watch-${randomBytes(4).toString('hex')}`, topics: [topic] });
  try {
    while (!stop()) for (const record of await consumer.poll(10_000, 20)) arrived(record, performance.now());
  } finally {
    await consumer.close();
  }
}

/** Records per second from the start (clients open, state restored) to the last output record, with the input written beforehand. */
async function throughput(open: () => Promise<Transport>, scenario: Scenario, total: number): Promise<number> {
  const transport = await open();
  const topics = freshTopics();
  try {
    await transport.ensureTopics([{ name: topics.input, partitions: PARTITIONS }, { name: topics.output, partitions: PARTITIONS }]);
    await writeEvents(transport, topics.input, 0, total);
    let out = 0;
    let last = 0;
    const done = (): boolean => out >= total;
    const watching = watchOutput(transport, topics.output, (_, at) => {
      out += 1;
      last = at;
    }, done);
    let begun = 0;
    await runScenario(transport, topics, scenario, done, () => (begun = performance.now()));
    await watching;
    return total / ((last - begun) / 1000);
  } finally {
    await cleanUp(transport, topics, scenario);
  }
}

/** Input written at `rate` records/s in small transactions; each record's time from its write to its output's arrival. */
async function latency(open: () => Promise<Transport>, scenario: Scenario, total: number): Promise<{ p50: number; p99: number }> {
  const transport = await open();
  const topics = freshTopics();
  const count = Math.min(total, rate * 5);
  try {
    await transport.ensureTopics([{ name: topics.input, partitions: PARTITIONS }, { name: topics.output, partitions: PARTITIONS }]);
    const sentAt = new Map<string, number>();
    const samples: number[] = [];
    const done = (): boolean => samples.length >= count;
    const watching = watchOutput(transport, topics.output, (record, at) => {
      const id = record.headers.id ?? record.key!.toString();
      samples.push(at - sentAt.get(id)!);
    }, done);
    const running = runScenario(transport, topics, scenario, done);
    const producer = await transport.producer(`bench-paced-${topics.namespace}`);
    const perTransaction = Math.max(1, Math.round(rate / 100));
    const begun = performance.now();
    for (let n = 0; n < count; n += perTransaction) {
      const batch = Array.from({ length: Math.min(perTransaction, count - n) }, (_, i) => event(n + i));
      // Timed from the write, not the commit's answer: on Kafka an output can arrive before the writer hears of its own commit.
      const writtenAt = performance.now();
      for (const e of batch) sentAt.set(e.id, writtenAt);
      await producer.transaction((tx) => tx.send(batch.map((e) => eventRecord(topics.input, e))));
      const now = performance.now();
      const due = begun + ((n + perTransaction) / rate) * 1000;
      if (due > now) await new Promise((resolve) => setTimeout(resolve, due - now));
    }
    await producer.close();
    await Promise.all([watching, running]);
    return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
  } finally {
    await cleanUp(transport, topics, scenario);
  }
}

async function cleanUp(transport: Transport, topics: Topics, scenario: Scenario): Promise<void> {
  if (transport instanceof KafkaTransport) {
    const changelogs = scenario.kind === 'loop' ? [] : processorTopics(processorOf(scenario.kind, topics), { namespace: topics.namespace }).map((t) => t.name);
    await transport.deleteTopics([topics.input, topics.output, ...changelogs]);
  }
  await transport.close();
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function benchTransport(label: string, open: () => Promise<Transport>, total: number): Promise<void> {
  // At least once first, so each exactly-once line can show its ratio to it.
  const scenarios = KINDS.flatMap((kind) => [...DELIVERY_MODES].reverse().map((delivery) => ({ kind, delivery })));
  const rates = new Map<string, number>();
  const key = (s: Scenario): string => `${s.kind}/${s.delivery}`;
  console.log(`\n${label}: ${fmt(total)} records, ${PARTITIONS} partitions, batches of up to ${fmt(maxBatch)}; latency at ${fmt(rate)} records/s`);
  // Unmeasured: lets the JIT compile the hot paths before the first measured scenario.
  await throughput(open, { kind: 'stateful', delivery: 'exactly-once' }, total);
  console.log(`${'scenario'.padEnd(28)} ${'records/s'.padStart(10)}  ${'× loop'.padStart(7)}  ${'× at-least-once'.padStart(15)}  ${'p50 ms'.padStart(7)}  ${'p99 ms'.padStart(7)}`);
  for (const scenario of scenarios) {
    // The median of three runs: one run of a small input is at the mercy of a garbage collection.
    const runs = [await throughput(open, scenario, total), await throughput(open, scenario, total), await throughput(open, scenario, total)];
    const perSecond = runs.sort((x, y) => x - y)[1]!;
    rates.set(key(scenario), perSecond);
    const { p50, p99 } = await latency(open, scenario, total);
    const loop = rates.get(key({ kind: 'loop', delivery: scenario.delivery }))!;
    const vsAlos = scenario.delivery === 'exactly-once' ? (perSecond / rates.get(key({ kind: scenario.kind, delivery: 'at-least-once' }))!).toFixed(2) : '';
    console.log(
      `${`${scenario.kind}, ${scenario.delivery}`.padEnd(28)} ${fmt(perSecond).padStart(10)}  ${(perSecond / loop).toFixed(2).padStart(7)}  ${vsAlos.padStart(15)}  ${p50.toFixed(1).padStart(7)}  ${p99.toFixed(1).padStart(7)}`,
    );
  }
}

// Ten times the records in process: a run of the small default there lasts milliseconds, too short to time.
await benchTransport('in-process', async () => new InProcessTransport(), records * 10);
const { kafka } = resolveConnections();
try {
  await benchTransport('Kafka', () => KafkaTransport.open({ kafka }), records);
} catch (error) {
  console.log(`Kafka skipped: ${(error as Error).message.split('\n')[0]} (start it with \`medallion stack up kafka\`)`);
}
console.log('\ngoals (per core, Kafka): stateless ≥ 0.8× loop and ≥ 50,000 records/s; stateful ≥ 20,000 records/s; exactly-once ≥ 0.8× at-least-once');
