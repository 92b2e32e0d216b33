import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConnections } from '../../../config/connections.ts';
import { contractSubjects } from '../../../schemas/contract-subjects.ts';
import { registerSchemas } from '../../../schemas/registration.ts';
import { registryClient } from '../../../schemas/registry-client.ts';
import { TcpProxy } from '../connectors/tcp-proxy.ts';
import { expectedFactSales, factSale, factSaleChange, factSalesRows, sinkHarness, type SinkHarness } from './sink-harness.ts';

const { registry } = resolveConnections();
const registryUrl = new URL(registry.url);
// The stack's registry stays up for everyone: the sink reaches it through a relay the test cuts.
const proxy = new TcpProxy({ host: registryUrl.hostname, port: Number(registryUrl.port) });
let h: SinkHarness;

beforeAll(async () => {
  const direct = registryClient(registry);
  await registerSchemas(direct, contractSubjects());
  await proxy.open();
  h = await sinkHarness(undefined, undefined, direct);
}, 60_000);

afterAll(async () => {
  await h?.close();
  await proxy.cut();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('the TypeScript sink while the schema registry is away', () => {
  it('waits for the registry instead of dead-lettering the records it cannot decode yet, and applies them once it answers', async () => {
    const throughProxy = registryClient({ ...registry, url: `${registryUrl.protocol}//${registryUrl.hostname}:${proxy.port}${registryUrl.pathname}` });
    const sink = await h.startSink({ registry: throughProxy, retry: { firstMs: 200, maxMs: 1000 } });
    await proxy.cut();
    const sales = Array.from({ length: 300 }, (_, i) => factSaleChange(factSale(i + 1)));
    await h.produce(sales);
    const deadline = Date.now() + 60_000;
    while (sink.snapshot().waitingFor === null && Date.now() < deadline) await sleep(50);
    const during = sink.snapshot();
    await sleep(2000);
    expect(sink.snapshot()).toMatchObject({ status: 'waiting', records: 0, deadLettered: 0 });
    await proxy.open();
    await sink.settled();

    expect(during.waitingFor).toMatch(new RegExp(`^waiting for the schema registry at http://127\\.0\\.0\\.1:${proxy.port}/\\S* since \\d\\d:\\d\\d:\\d\\d UTC: `));
    expect(h.events.some((e) => e.kind === 'resumed' && e.outage.service === 'the schema registry')).toBe(true);
    expect(sink.snapshot()).toMatchObject({ status: 'idle', waitingFor: null, deadLettered: 0 });
    expect(await factSalesRows(h.writer)).toEqual(expectedFactSales(sales));
  }, 120_000);
});
