import { MockClient } from '@confluentinc/schemaregistry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitOut } from '../../../core/outage.ts';
import type { ProcessorEvent } from '../../../processors/runtime/processor-events.ts';
import { runProcessor, type RunningProcessor } from '../../../processors/runtime/processor-runtime.ts';
import { KafkaTransport } from '../../../transport/kafka/kafka-transport.ts';
import { isUnavailable } from '../../../transport/transport-error.ts';
import type { WarehouseSink } from '../../../warehouse/sink/warehouse-sink.ts';
import { outputTotals } from '../../unit/processors/runtime/runtime-behaviour.ts';
import { dedupeSum, eventRecord, expectedTotals, type TestEvent } from '../../../bench/test-processors.ts';
import { readTopic } from '../../unit/transport/transport-behaviour.ts';
import { expectedFactSales, factSale, factSaleChange, factSalesRows, sinkHarness, type SinkHarness } from '../warehouse/sink-harness.ts';
import { privateBroker, type PrivateBroker } from './private-broker.ts';

/** How long the broker stays down: longer than librdkafka's request timeouts (15 s), as in the chaos runs' outages. */
const OUTAGE_MS = 20_000;

let broker: PrivateBroker;
let transport: KafkaTransport;
let h: SinkHarness;

beforeAll(async () => {
  broker = await privateBroker();
  transport = await KafkaTransport.open({ kafka: { bootstrapServers: broker.bootstrapServers, settings: {} } });
  h = await sinkHarness(transport);
}, 120_000);

afterAll(async () => {
  try {
    await h?.close();
  } finally {
    await broker?.close();
  }
}, 60_000);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A writer's transaction right after the restart may meet a coordinator still loading: it is aborted, and tried again. */
async function whenKafkaAnswers(work: () => Promise<void>): Promise<void> {
  await waitOut(work, { backoff: { baseMs: 500, maxMs: 2000 }, unreachable: (e) => (isUnavailable(e) ? { service: 'Kafka', at: broker.bootstrapServers } : undefined), onWaiting: () => {}, onResumed: () => {} });
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(50);
  }
}

function salesEvents(from: number, count: number): TestEvent[] {
  // Every fifth id comes again with an older seq: the processor must drop it whatever the outage did.
  return Array.from({ length: count }, (_, i) => ({ id: `e${from + i - (i % 5 === 4 ? 3 : 0)}`, group: `g${(from + i) % 7}`, amount: from + i, seq: i % 5 === 4 ? 0 : 1 }));
}

describe('a broker outage, waited out', () => {
  it('keeps the processor and the sink running while Kafka is down, says what they wait for, and resumes with every record once', async () => {
    const input = 'outage.events';
    const output = 'outage.totals';
    await transport.ensureTopics([{ name: input, partitions: 3 }]);
    const processorEvents: ProcessorEvent[] = [];
    const timeline: [string, { kind: string; outage?: { cause: string } }, number][] = [];
    const processor: RunningProcessor = await runProcessor(dedupeSum({ name: 'outage-sum', input, output, badRecords: 'skip' }), {
      transport,
      registry: new MockClient(),
      onEvent: (e) => {
        processorEvents.push(e);
        if (e.kind === 'waiting' || e.kind === 'resumed') timeline.push(['processor', e, Date.now()]);
      },
      maxBatch: 200,
      pollMs: 50,
      kafkaBackoff: { baseMs: 500, maxMs: 4000 },
    });
    const sink: WarehouseSink = await h.startSink({
      retry: { firstMs: 500, maxMs: 4000 },
      onEvent: (e) => {
        h.events.push(e);
        if (e.kind === 'waiting' || e.kind === 'resumed') timeline.push(['sink', e, Date.now()]);
      },
    });
    let processorEnded = false;
    let sinkEnded = false;
    void processor.done.finally(() => (processorEnded = true));
    void sink.done.finally(() => (sinkEnded = true));

    const events = [...salesEvents(0, 3000)];
    const sales = Array.from({ length: 1500 }, (_, i) => factSaleChange(factSale(i + 1)));
    const writer = await transport.producer('outage-writer');
    await writer.transaction((tx) => tx.send(events.slice(0, 1500).map((e) => eventRecord(input, e))));
    await h.produce(sales.slice(0, 500));
    await writer.transaction((tx) => tx.send(events.slice(1500).map((e) => eventRecord(input, e))));
    await h.produce(sales.slice(500, 1000));

    // Mid-stream: the processor has committed part of its input, not all of it.
    await waitFor(() => processor.snapshot().recordsIn > 0, 60_000, 'the processor to commit a first batch');
    const killedAt = Date.now();
    await broker.kill();
    let processorWaiting: string | null = null;
    let sinkWaiting: string | null = null;
    while (Date.now() - killedAt < OUTAGE_MS) {
      processorWaiting ??= processor.snapshot().waitingFor;
      sinkWaiting ??= sink.snapshot().waitingFor;
      await sleep(100);
    }
    expect({ processorEnded, sinkEnded }).toEqual({ processorEnded: false, sinkEnded: false });
    await broker.start();
    const restartedAt = Date.now();
    timeline.push(['broker', { kind: 'started' }, restartedAt]);

    // After the outage: more of both, which must arrive as well.
    await whenKafkaAnswers(() => writer.transaction((tx) => tx.send(salesEvents(3000, 500).map((e) => eventRecord(input, e)))));
    events.push(...salesEvents(3000, 500));
    await whenKafkaAnswers(() => h.produce(sales.slice(1000)));
    await processor.whenIdle();
    await sink.settled();
    const caughtUpS = ((Date.now() - restartedAt) / 1000).toFixed(1);
    timeline.push(['both', { kind: 'caught up' }, Date.now()]);

    expect({ processorEnded, sinkEnded }).toEqual({ processorEnded: false, sinkEnded: false });
    const pattern = new RegExp(`^waiting for Kafka at ${broker.bootstrapServers.replace(/\./g, '\\.')} since \\d\\d:\\d\\d:\\d\\d UTC: .*did not answer`);
    expect(processorWaiting, 'the processor\'s status during the outage').toMatch(pattern);
    expect(sinkWaiting, 'the sink\'s status during the outage').toMatch(pattern);
    expect(processorEvents.some((e) => e.kind === 'waiting' && e.outage.service === 'Kafka')).toBe(true);
    expect(processorEvents.some((e) => e.kind === 'resumed')).toBe(true);
    expect(processorEvents.filter((e) => e.kind === 'failed')).toEqual([]);
    expect(h.events.some((e) => e.kind === 'waiting' && e.outage.service === 'Kafka')).toBe(true);
    expect(h.events.some((e) => e.kind === 'resumed' && e.outage.service === 'Kafka')).toBe(true);
    expect(processor.snapshot()).toMatchObject({ state: 'idle', waitingFor: null });
    expect(sink.snapshot()).toMatchObject({ status: 'idle', waitingFor: null });

    // Exactly once: every group's outputs counted once, every sale applied once.
    expect(outputTotals(await readTopic(transport, output))).toEqual(expectedTotals(events));
    expect(await factSalesRows(h.writer)).toEqual(expectedFactSales(sales));
    expect(sink.snapshot().tables['gold.fact_sales']).toMatchObject({ upserted: sales.length, unchanged: 0 });
    const at = (e: { kind: string; outage?: { cause: string } }, t: number): string => `${((t - killedAt) / 1000).toFixed(1)}s ${e.kind}${e.outage === undefined ? '' : ` ${e.outage.cause.slice(0, 90)}`}`;
    console.log(timeline.map(([who, e, t]) => `[outage] ${who} ${at(e, t)}`).join('\n'));
    console.log(`[outage] broker down ${OUTAGE_MS / 1000}s; caught up ${caughtUpS}s after its restart; processor ${processorEvents.filter((e) => e.kind === 'waiting').length} waiting events, sink ${h.events.filter((e) => e.kind === 'waiting').length}`);
    await processor.stop();
    await writer.close();
  }, 170_000);
});
