import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerTopics, pipelineStatusProvider } from '../../../pipeline/pipeline-status.ts';
import { ProcessorHost } from '../../../processors/runtime/processor-host.ts';
import { BRONZE_ENTITIES, bronzeContract } from '../../../schemas/bronze-contracts.ts';
import { privateWarehouse, type PrivateWarehouse } from './private-postgres.ts';
import { expectedFactSales, factSale, factSaleChange, factSalesRows, sinkHarness, type SinkHarness } from './sink-harness.ts';

/** How long PostgreSQL stays down: several of the sink's waits (250 ms doubling to 2 s here). */
const OUTAGE_MS = 10_000;

let warehouse: PrivateWarehouse;
let h: SinkHarness;

beforeAll(async () => {
  warehouse = await privateWarehouse();
  h = await sinkHarness(undefined, warehouse);
}, 120_000);

afterAll(async () => {
  // Without a harness (it failed to start) the private server is still ours to stop.
  await (h === undefined ? warehouse?.drop() : h.close());
}, 60_000);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('the TypeScript sink across a PostgreSQL restart', () => {
  it('keeps running while the warehouse is down, says what it waits for, and applies every record once after the restart', async () => {
    const sink = await h.startSink({ retry: { firstMs: 250, maxMs: 2000 }, maxBatch: 100 });
    let ended = false;
    void sink.done.finally(() => (ended = true));
    const sales = Array.from({ length: 1500 }, (_, i) => factSaleChange(factSale(i + 1)));
    await h.produce(sales.slice(0, 500));
    await sink.settled();
    // Mid-stream: the sink is between batches of the next 500 when the server goes.
    await h.produce(sales.slice(500, 1000));
    await warehouse.stop();
    const stoppedAt = Date.now();
    let waitingFor: string | null = null;
    while (Date.now() - stoppedAt < OUTAGE_MS) {
      waitingFor ??= sink.snapshot().waitingFor;
      await sleep(100);
    }
    // The Pipeline page of a pipeline that runs the sink in its process says so too.
    const processors = await ProcessorHost.start([], { transport: h.transport, registry: h.registry });
    await h.transport.ensureTopics([...layerTopics(), ...BRONZE_ENTITIES.map((entity) => ({ topic: bronzeContract(entity).dlqTopic }))].map(({ topic }) => ({ name: topic, partitions: 1 })));
    const { parts } = await pipelineStatusProvider({ mode: 'embedded', transport: h.transport, registry: h.registry, processors, sink }).status();
    await processors.stop();
    expect(parts).toEqual([{ part: 'warehouse sink', state: 'waiting', waitingFor: sink.snapshot().waitingFor }]);
    await h.produce(sales.slice(1000));
    expect(ended).toBe(false);
    expect(sink.snapshot().status).toBe('waiting');
    await warehouse.start();
    await sink.settled();

    expect(ended).toBe(false);
    const port = new URL(warehouse.url('writer')).port;
    expect(waitingFor).toMatch(new RegExp(`^waiting for PostgreSQL at 127\\.0\\.0\\.1:${port} since \\d\\d:\\d\\d:\\d\\d UTC: `));
    expect(h.events.some((e) => e.kind === 'resumed' && e.outage.service === 'PostgreSQL')).toBe(true);
    expect(h.events.filter((e) => e.kind === 'failed')).toEqual([]);
    expect(sink.snapshot()).toMatchObject({ status: 'idle', waitingFor: null });
    expect(await factSalesRows(await warehouse.connect('writer'))).toEqual(expectedFactSales(sales));
    // Applied once each: a batch retried after the restart skips what the warehouse had already committed.
    expect(sink.snapshot().tables['gold.fact_sales']).toMatchObject({ upserted: sales.length, unchanged: 0 });
  }, 150_000);
});
