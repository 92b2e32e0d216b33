import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { pipelineStatusProvider } from '../../../pipeline/pipeline-status.ts';
import { ProcessorHost } from '../../../processors/runtime/processor-host.ts';
import { BRONZE_ENTITIES, bronzeContract } from '../../../schemas/bronze-contracts.ts';
import { embeddedRegistry } from '../../../schemas/embedded-registry.ts';
import { GOLD_TABLE_NAMES, layerContracts } from '../../../schemas/layer-contracts.ts';
import { deadLetterSerde } from '../../../schemas/record-serde.ts';
import { InProcessTransport } from '../../../transport/in-process/in-process-transport.ts';

describe('the Pipeline page status of a running pipeline', () => {
  it('counts each layer topic and dead-letter queue as it grows, with the newest dead letters first', async () => {
    const transport = new InProcessTransport();
    const topics = [
      ...BRONZE_ENTITIES.flatMap((e) => [bronzeContract(e).topic, bronzeContract(e).dlqTopic]),
      ...layerContracts('silver').map((c) => c.topic),
      ...GOLD_TABLE_NAMES.map((t) => `gold.${t}`),
    ];
    const registry = await embeddedRegistry();
    const processors = await ProcessorHost.start([], { transport, registry });
    // The sink's state is the integration test's (test/integration/warehouse/sink-postgres-restart.test.ts): here one that has nothing to do.
    const sink = { snapshot: () => ({ status: 'idle', waitingFor: null, records: 0, batches: 0, deadLettered: 0, tables: {} }) as const };
    const provider = pipelineStatusProvider({ mode: 'embedded', transport, registry, processors, sink });
    // Asked before the sources have made their topics: it fails, and the next call starts over.
    await expect(provider.status()).rejects.toMatchObject({ code: 'unknown-topic' });
    await transport.ensureTopics(topics.map((name) => ({ name, partitions: 3 })));
    const letters = deadLetterSerde(registry);
    const producer = await transport.producer('status-test');
    let letter = 0;
    const produce = async (bronzeSales: number, silverSales: string[], deadLetters: number): Promise<void> => {
      const sent = [
        ...Array.from({ length: bronzeSales }, (_, i) => ({ topic: 'bronze.sales', key: Buffer.from(`b${i}`), value: Buffer.from('x') })),
        ...silverSales.map((key) => ({ topic: 'silver.sales', key: Buffer.from(key), value: Buffer.from('x') })),
      ];
      await producer.transaction((tx) => tx.send(sent));
      // One transaction each, a few milliseconds apart: dead letters have no key, so they spread over the partitions, and only their stamps say which came last.
      for (let i = 0; i < deadLetters; i += 1) {
        letter += 1;
        const value = await letters.serialize('sales', { entity: 'sales', stage: 'source', reason: `rule-${letter}: the row is bad`, field: null, value: null, source_uri: 'file:///landing/sales.csv', source_position: `line ${letter}`, raw: Buffer.from(`row ${letter}`), failed_at: new Date(letter) });
        await sleep(3);
        await producer.transaction((tx) => tx.send([{ topic: 'dlq.sales', key: null, value }]));
      }
    };
    const summary = async () => {
      const status = await provider.status();
      const records = (topic: string) => status.layers.find((l) => l.topic === topic)!.records;
      const sales = status.deadLetters.find((d) => d.entity === 'sales')!;
      return { bronze: records('bronze.sales'), silver: records('silver.sales'), gold: records('gold.fact_sales'), letters: sales.count, newest: sales.samples.map((s) => s.sourcePosition) };
    };

    await produce(7, ['s1', 's2', 's1'], 6);
    expect(await summary()).toEqual({ bronze: 7, silver: 3, gold: 0, letters: 6, newest: ['line 6', 'line 5', 'line 4', 'line 3', 'line 2'] });
    await produce(2, [], 1);
    expect(await summary()).toEqual({ bronze: 9, silver: 3, gold: 0, letters: 7, newest: ['line 7', 'line 6', 'line 5', 'line 4', 'line 3'] });
    // Nothing new: the same figures, and nothing read twice.
    expect(await summary()).toEqual({ bronze: 9, silver: 3, gold: 0, letters: 7, newest: ['line 7', 'line 6', 'line 5', 'line 4', 'line 3'] });
    await processors.stop();
    await transport.close();
  });
});
