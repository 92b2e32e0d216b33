import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConnections } from '../../../../config/connections.ts';
import { ProcessorHost } from '../../../../processors/runtime/processor-host.ts';
import { silverProcessors } from '../../../../processors/silver/silver-processors.ts';
import { contractSubjects } from '../../../../schemas/contract-subjects.ts';
import { bronzeKey, bronzeSerde } from '../../../../schemas/record-serde.ts';
import { registerSchemas } from '../../../../schemas/registration.ts';
import { registryClient } from '../../../../schemas/registry-client.ts';
import { InProcessTransport } from '../../../../transport/in-process/in-process-transport.ts';
import { lineage, sampleSale } from '../../../unit/schemas/bronze-fixtures.ts';
import { TcpProxy } from '../../connectors/tcp-proxy.ts';

const { registry } = resolveConnections();
const registryUrl = new URL(registry.url);
// The stack's registry stays up for everyone: the processor reaches it through a relay the test cuts.
const proxy = new TcpProxy({ host: registryUrl.hostname, port: Number(registryUrl.port) });
const direct = registryClient(registry);

beforeAll(async () => {
  await registerSchemas(direct, contractSubjects());
  await proxy.open();
}, 60_000);

afterAll(async () => {
  await proxy.cut();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('a processor while the schema registry is away', () => {
  it('waits for the registry, saying so, instead of stopping or refusing the records it cannot read yet, and processes each once it answers', async () => {
    const throughProxy = registryClient({ ...registry, url: `${registryUrl.protocol}//${registryUrl.hostname}:${proxy.port}${registryUrl.pathname}` });
    const transport = new InProcessTransport();
    await transport.ensureTopics([{ name: 'bronze.sales', partitions: 1 }]);
    const processor = silverProcessors({ registry: throughProxy, partitions: 1, topicPrefix: '' }).find((p) => p.inputs[0] === 'bronze.sales')!;
    const host = await ProcessorHost.start([processor], { transport, registry: throughProxy, kafkaBackoff: { baseMs: 200, maxMs: 1000 } });
    try {
      await proxy.cut();
      const serde = bronzeSerde(direct);
      const sales = Array.from({ length: 200 }, (_, i) => ({ ...sampleSale, sales_id: i + 1, lineage: { ...lineage, source_sequence: i + 1 } }));
      const sent = await Promise.all(sales.map(async (sale) => ({ topic: 'bronze.sales', key: bronzeKey('sales', sale), value: await serde.serialize('sales', sale) })));
      const producer = await transport.producer('registry-outage-test');
      await producer.transaction((tx) => tx.send(sent));

      const deadline = Date.now() + 60_000;
      while (host.snapshot()[0]!.waitingFor === null && Date.now() < deadline) await sleep(50);
      const during = host.snapshot()[0]!;
      await sleep(2000);
      expect(host.snapshot()[0]).toMatchObject({ state: 'waiting', recordsOut: 0, deadLettered: 0 });
      await proxy.open();
      await host.settled();

      expect(during.waitingFor).toMatch(new RegExp(`^waiting for the schema registry at http://127\\.0\\.0\\.1:${proxy.port}/\\S* since \\d\\d:\\d\\d:\\d\\d UTC: `));
      expect(host.snapshot()[0]).toMatchObject({ state: 'idle', waitingFor: null, recordsIn: sales.length, recordsOut: sales.length, deadLettered: 0 });
    } finally {
      await host.stop();
      await transport.close();
    }
  }, 120_000);
});
