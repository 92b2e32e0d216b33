/**
 * `npm run bench:processors [-- --records N --kinds silver,gold --on kafka]`: records per
 * second through the processor runtime, on the in-process log and on Kafka (the
 * local stack, or MEDALLION_KAFKA_*), exactly once (transactions) and at least
 * once, next to a passthrough consume→produce loop on the same clients in the
 * same run. The processors: a stateless one and a stateful one (dedupe and a
 * running sum over changelog-backed stores) on small JSON events, then the
 * pipeline's own silver sales processor on bronze sales, and its sales
 * enrichment and gold processors on silver sales (their dimensions loaded
 * first, not timed), on Avro records
 * through the registry. Then latency: records written at a steady rate, each
 * timed from its write (in a transaction of its own batch) to its output's
 * arrival at a read_committed consumer (p50/p99) — for the test processors
 * their events, for gold a bronze sale through the silver sales and gold
 * processors to its gold.fact_sales row.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { resolveConnections } from '../config/connections.ts';
import { goldProcessor } from '../processors/gold/gold-processor.ts';
import { percentile } from '../processors/runtime/processor-metrics.ts';
import { processorTopics, runProcessor } from '../processors/runtime/processor-runtime.ts';
import type { Processor } from '../processors/runtime/processor.ts';
import { DELIVERY_MODES, RUNTIME_DEFAULTS, type DeliveryMode } from '../processors/runtime/runtime-options.ts';
import { salesEnrichmentProcessor } from '../processors/silver/sales-enrichment.ts';
import { silverProcessorName } from '../processors/silver/silver-processor.ts';
import { silverProcessors } from '../processors/silver/silver-processors.ts';
import { embeddedRegistry } from '../schemas/embedded-registry.ts';
import { layerContract } from '../schemas/layer-contracts.ts';
import { goldSerde } from '../schemas/layer-serde.ts';
import { InProcessTransport } from '../transport/in-process/in-process-transport.ts';
import { KafkaTransport } from '../transport/kafka/kafka-transport.ts';
import type { OutgoingRecord, StoredRecord, TopicSpec, Transport } from '../transport/transport.ts';
import { dedupeSum, eventRecord, passthrough, type TestEvent } from './test-processors.ts';
import { bronzeSaleRecords, saleId, silverDimensionRecords, silverSaleRecords } from './retail-records.ts';

const KINDS = ['loop', 'stateless', 'stateful', 'silver', 'enrichment', 'gold'] as const;
type Kind = (typeof KINDS)[number];
/** The pipeline's own processors, on Avro records: fewer of them in process, where they are far slower than the test ones. */
const REAL_KINDS: readonly Kind[] = ['silver', 'enrichment', 'gold'];

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '20000' },
    'max-batch': { type: 'string', default: String(RUNTIME_DEFAULTS.maxBatch) },
    rate: { type: 'string', default: '2000' },
    kinds: { type: 'string', default: KINDS.join(',') },
    on: { type: 'string', default: 'both' },
  },
});
const records = Number(values.records);
const maxBatch = Number(values['max-batch']);
const rate = Number(values.rate);
if (![records, maxBatch, rate].every((n) => Number.isInteger(n) && n > 0)) {
  console.error(`--records, --max-batch and --rate must be whole numbers above 0 (got ${values.records}, ${values['max-batch']}, ${values.rate})`);
  process.exit(2);
}
const asked = values.kinds.split(',').map((k) => k.trim());
const unknownKind = asked.find((k) => !(KINDS as readonly string[]).includes(k));
if (unknownKind !== undefined) {
  console.error(`--kinds: "${unknownKind}" is not a scenario (choose from ${KINDS.join(', ')})`);
  process.exit(2);
}
const ON = ['both', 'in-process', 'kafka'] as const;
if (!(ON as readonly string[]).includes(values.on)) {
  console.error(`--on: "${values.on}" is not a transport (choose from ${ON.join(', ')})`);
  process.exit(2);
}
// The loop is always measured: every other figure is shown as a ratio to it.
const kinds = KINDS.filter((k) => k === 'loop' || asked.includes(k));

const PARTITIONS = 3;
const WRITE_BATCH = 5000;
const registry = await embeddedRegistry();

interface Scenario {
  readonly kind: Kind;
  readonly delivery: DeliveryMode;
}

/** One run's topics and processor (none for the loop). */
interface Setup {
  readonly namespace: string;
  readonly inputs: readonly string[];
  /** The output counted: one record per input record. */
  readonly watched: string;
  readonly processor: Processor | undefined;
  /** The input records `from` to `to` (exclusive). */
  input(from: number, to: number): Promise<OutgoingRecord[]>;
  /** State the processor needs before the timed run (gold's dimensions). */
  readonly prepare?: readonly OutgoingRecord[];
}

const event = (n: number): TestEvent => ({ id: `e${n}`, group: `g${n % 1000}`, amount: (n % 9) + 1, seq: 1 });

const newNamespace = (): string => `bench-${randomBytes(4).toString('hex')}.`;

/** A scenario's topics and processor under `namespace` (processors in one namespace read each other's outputs). */
async function setUp(kind: Kind, namespace = newNamespace()): Promise<Setup> {
  const id = namespace.slice('bench-'.length, -1);
  if (kind === 'silver' || kind === 'enrichment' || kind === 'gold') {
    const options = { registry, partitions: PARTITIONS, topicPrefix: namespace };
    if (kind === 'silver') {
      const processor = silverProcessors(options).find((p) => p.name === silverProcessorName('sales'))!;
      return { namespace, inputs: processor.inputs, watched: `${namespace}${layerContract('silver', 'sales').topic}`, processor, input: (from, to) => bronzeSaleRecords(registry, namespace, from, to) };
    }
    const [processor, watched] = kind === 'gold' ? [goldProcessor(options), layerContract('gold', 'fact_sales').topic] : [salesEnrichmentProcessor(options), layerContract('silver', 'sales_enriched').topic];
    const prepare = await silverDimensionRecords(registry, namespace);
    return { namespace, inputs: processor.inputs, watched: `${namespace}${watched}`, processor, input: (from, to) => silverSaleRecords(registry, namespace, from, to), prepare };
  }
  const input = `bench.processors.${id}.in`;
  const output = `bench.processors.${id}.out`;
  const processor =
    kind === 'loop' ? undefined : kind === 'stateless' ? passthrough('stateless', input, output, PARTITIONS) : dedupeSum({ name: 'stateful', input, output, partitions: PARTITIONS, badRecords: 'skip' });
  return { namespace, inputs: [input], watched: output, processor, input: async (from, to) => Array.from({ length: to - from }, (_, i) => eventRecord(input, event(from + i))) };
}

/** Every topic of the run: its inputs, and its processor's outputs, changelogs and dead letters (or the loop's output). */
function topicsOf(setup: Setup): TopicSpec[] {
  const inputs = setup.inputs.map((name) => ({ name, partitions: PARTITIONS }));
  if (setup.processor === undefined) return [...inputs, { name: setup.watched, partitions: PARTITIONS }];
  return [...inputs, ...processorTopics(setup.processor, { namespace: setup.namespace })];
}

/** Writes `records` in transactions of WRITE_BATCH; not timed. */
async function write(transport: Transport, records: readonly OutgoingRecord[]): Promise<void> {
  const producer = await transport.producer(`bench-writer-${randomBytes(4).toString('hex')}`);
  for (let n = 0; n < records.length; n += WRITE_BATCH) await producer.transaction((tx) => tx.send(records.slice(n, n + WRITE_BATCH)));
  await producer.close();
}

/** The passthrough loop: the same consumer and producer the runtime uses, with nothing in between. */
async function runLoop(transport: Transport, setup: Setup, delivery: DeliveryMode, until: () => boolean, started: () => void): Promise<void> {
  const producer = await transport.producer(`bench-loop-${setup.namespace}`, { atomic: delivery === 'exactly-once' });
  const consumer = await transport.consumer({ groupId: `bench-loop-${setup.namespace}`, topics: setup.inputs });
  started();
  try {
    while (!until()) {
      const batch = await consumer.poll(maxBatch, 20);
      if (batch.length === 0) continue;
      await producer.transaction((tx) => {
        tx.send(batch.map((r) => ({ topic: setup.watched, key: r.key, value: r.value })));
        tx.sendOffsets(consumer, consumer.positions());
      });
    }
  } finally {
    await consumer.close();
    await producer.close();
  }
}

/** Runs the scenario until `until` says so, calling `started` once it is ready to read; throughput and latency phases both use it. */
async function runScenario(transport: Transport, setup: Setup, delivery: DeliveryMode, until: () => boolean, started: () => void = () => {}): Promise<void> {
  if (setup.processor === undefined) return runLoop(transport, setup, delivery, until, started);
  const running = await runProcessor(setup.processor, { transport, registry, namespace: setup.namespace, delivery, maxBatch, pollMs: 20 });
  started();
  try {
    while (!until()) await Promise.race([running.done, new Promise((resolve) => setTimeout(resolve, 10))]);
  } finally {
    await running.stop();
  }
  await running.done;
}

/** Runs the processor over `records` until it has taken them all, then stops it: the state a timed run starts from. */
async function prepare(transport: Transport, setup: Setup, records: readonly OutgoingRecord[]): Promise<void> {
  await write(transport, records);
  const running = await runProcessor(setup.processor!, { transport, registry, namespace: setup.namespace, pollMs: 20 });
  await running.whenIdle();
  await running.stop();
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
  const setup = await setUp(scenario.kind);
  try {
    await transport.ensureTopics(topicsOf(setup));
    if (setup.prepare !== undefined) await prepare(transport, setup, setup.prepare);
    await write(transport, await setup.input(0, total));
    let out = 0;
    let last = 0;
    const done = (): boolean => out >= total;
    const watching = watchOutput(transport, setup.watched, (_, at) => {
      out += 1;
      last = at;
    }, done);
    let begun = 0;
    await runScenario(transport, setup, scenario.delivery, done, () => (begun = performance.now()));
    await watching;
    return total / ((last - begun) / 1000);
  } finally {
    await dropTopics(transport, setup);
    await transport.close();
  }
}

/** What a latency run writes and watches: the scenarios run together, their input, and which input each output answers. */
interface LatencyRun {
  readonly setups: readonly Setup[];
  readonly watched: string;
  /** Input records `from` to `to` (exclusive), with the id of each. */
  input(from: number, to: number): Promise<{ readonly records: OutgoingRecord[]; readonly ids: readonly string[] }>;
  /** The id of the input an output record answers. */
  idOf(record: StoredRecord): Promise<string>;
}

/** A test processor's run: its events, answered by their id header or key. */
function eventLatencyRun(setup: Setup): LatencyRun {
  return {
    setups: [setup],
    watched: setup.watched,
    input: async (from, to) => {
      const events = Array.from({ length: to - from }, (_, i) => event(from + i));
      return { records: events.map((e) => eventRecord(setup.inputs[0]!, e)), ids: events.map((e) => e.id) };
    },
    idOf: async (record) => record.headers.id ?? record.key!.toString(),
  };
}

/** The pipeline's own path: a bronze sale through the silver sales processor and the gold processor (dimensions loaded first) to its gold.fact_sales row. */
async function saleLatencyRun(): Promise<LatencyRun> {
  const namespace = newNamespace();
  const [silver, gold] = [await setUp('silver', namespace), await setUp('gold', namespace)];
  const serde = goldSerde(registry);
  return {
    setups: [silver, gold],
    watched: gold.watched,
    input: async (from, to) => ({ records: await bronzeSaleRecords(registry, namespace, from, to), ids: Array.from({ length: to - from }, (_, i) => saleId(from + i)) }),
    idOf: async (record) => (await serde.key.deserialize('fact_sales', record.key!)).sale_id,
  };
}

/** Input written at `rate` records/s in small transactions; each record's time from its write to its output's arrival. */
async function latency(open: () => Promise<Transport>, run: LatencyRun, delivery: DeliveryMode, total: number): Promise<{ p50: number; p99: number }> {
  const transport = await open();
  // Two seconds of input: enough samples for a p99, and the bench stays short.
  const count = Math.min(total, rate * 2);
  try {
    await transport.ensureTopics(run.setups.flatMap(topicsOf));
    for (const setup of run.setups) if (setup.prepare !== undefined) await prepare(transport, setup, setup.prepare);
    const sentAt = new Map<string, number>();
    // Decoded once all came: an output's id may take a registry lookup.
    const arrivals: { record: StoredRecord; at: number }[] = [];
    const done = (): boolean => arrivals.length >= count;
    const watching = watchOutput(transport, run.watched, (record, at) => arrivals.push({ record, at }), done);
    let starting = run.setups.length;
    let allStarted = (): void => {};
    const started = new Promise<void>((resolve) => (allStarted = resolve));
    const running = Promise.all(run.setups.map((setup) => runScenario(transport, setup, delivery, done, () => --starting === 0 && allStarted())));
    // Timed once every processor has restored its state and opened its consumer: a start-up is no record's latency.
    await Promise.race([started, running]);
    const producer = await transport.producer(`bench-paced-${randomBytes(4).toString('hex')}`);
    const perTransaction = Math.max(1, Math.round(rate / 100));
    const begun = performance.now();
    for (let n = 0; n < count; n += perTransaction) {
      const { records, ids } = await run.input(n, Math.min(n + perTransaction, count));
      // Timed from the write, not the commit's answer: on Kafka an output can arrive before the writer hears of its own commit.
      const writtenAt = performance.now();
      for (const id of ids) sentAt.set(id, writtenAt);
      await producer.transaction((tx) => tx.send(records));
      const now = performance.now();
      const due = begun + ((n + perTransaction) / rate) * 1000;
      if (due > now) await new Promise((resolve) => setTimeout(resolve, due - now));
    }
    await producer.close();
    await Promise.all([watching, running]);
    const samples = await Promise.all(arrivals.map(async ({ record, at }) => at - sentAt.get(await run.idOf(record))!));
    return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
  } finally {
    for (const setup of run.setups) await dropTopics(transport, setup);
    await transport.close();
  }
}

async function dropTopics(transport: Transport, setup: Setup): Promise<void> {
  if (transport instanceof KafkaTransport) await transport.deleteTopics(topicsOf(setup).map((t) => t.name));
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function benchTransport(label: string, open: () => Promise<Transport>, totalOf: (kind: Kind) => number): Promise<void> {
  // At least once first, so each exactly-once line can show its ratio to it.
  const scenarios = kinds.flatMap((kind) => [...DELIVERY_MODES].reverse().map((delivery) => ({ kind, delivery })));
  const rates = new Map<string, number>();
  const key = (s: Scenario): string => `${s.kind}/${s.delivery}`;
  const sizes = [...new Set(kinds.map(totalOf))].map(fmt).join(' or ');
  console.log(`\n${label}: ${sizes} records, ${PARTITIONS} partitions, batches of up to ${fmt(maxBatch)}; latency at ${fmt(rate)} records/s`);
  // Unmeasured: lets the JIT compile the hot paths before the first measured scenario.
  for (const kind of kinds.filter((k) => k === 'stateful' || REAL_KINDS.includes(k))) await throughput(open, { kind, delivery: 'exactly-once' }, totalOf(kind));
  console.log(`${'scenario'.padEnd(28)} ${'records/s'.padStart(10)}  ${'× loop'.padStart(7)}  ${'× at-least-once'.padStart(15)}  ${'p50 ms'.padStart(7)}  ${'p99 ms'.padStart(7)}`);
  for (const scenario of scenarios) {
    const total = totalOf(scenario.kind);
    // The median of three runs: one run of a small input is at the mercy of a garbage collection.
    const runs = [await throughput(open, scenario, total), await throughput(open, scenario, total), await throughput(open, scenario, total)];
    const perSecond = runs.sort((x, y) => x - y)[1]!;
    rates.set(key(scenario), perSecond);
    // The test processors' latency is timed by event ids; of the real ones, gold's row stands for the pipeline's path from a bronze sale.
    const run = scenario.kind === 'gold' ? await saleLatencyRun() : REAL_KINDS.includes(scenario.kind) ? undefined : eventLatencyRun(await setUp(scenario.kind));
    const timed = run === undefined ? undefined : await latency(open, run, scenario.delivery, total);
    const loop = rates.get(key({ kind: 'loop', delivery: scenario.delivery }))!;
    const vsAlos = scenario.delivery === 'exactly-once' ? (perSecond / rates.get(key({ kind: scenario.kind, delivery: 'at-least-once' }))!).toFixed(2) : '';
    const [p50, p99] = timed === undefined ? ['–', '–'] : [timed.p50.toFixed(1), timed.p99.toFixed(1)];
    console.log(`${`${scenario.kind}, ${scenario.delivery}`.padEnd(28)} ${fmt(perSecond).padStart(10)}  ${(perSecond / loop).toFixed(2).padStart(7)}  ${vsAlos.padStart(15)}  ${p50.padStart(7)}  ${p99.padStart(7)}`);
  }
}

// Ten times the records in process for the test processors: a run of the small default there lasts milliseconds, too short to time.
if (values.on !== 'kafka') await benchTransport('in-process', async () => new InProcessTransport(), (kind) => (REAL_KINDS.includes(kind) ? records * 2 : records * 10));
if (values.on !== 'in-process') {
  const { kafka } = resolveConnections();
  try {
    await benchTransport('Kafka', () => KafkaTransport.open({ kafka }), () => records);
  } catch (error) {
    console.log(`Kafka skipped: ${(error as Error).message.split('\n')[0]} (start it with \`medallion stack up kafka\`)`);
  }
}
console.log('\ngoals (per core, Kafka): stateless ≥ 0.8× loop and ≥ 50,000 records/s; enrichment (silver.sales_enriched) and aggregation (gold) each ≥ 20,000 records/s; exactly-once ≥ 0.8× at-least-once');
