import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Client } from '@confluentinc/schemaregistry';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConnections } from '../../../config/connections.ts';
import { startDashboard } from '../../../dashboard/start-dashboard.ts';
import { embeddedRegistry } from '../../../schemas/embedded-registry.ts';
import type { SaleTrace } from '../../../trace/sale-trace.ts';
import { goldTracer } from '../../../trace/gold-tracer.ts';
import { InProcessTransport } from '../../../transport/in-process/in-process-transport.ts';
import type { Transport } from '../../../transport/transport.ts';
import { runCli } from '../cli-run.ts';
import { stackKafka } from '../stack-kafka.ts';
import { landSales } from './landed-sales.ts';

// `medallion trace fact_sales <key>` names the landing file and line of a sale, and after a correction in a later file both versions, the later one the winner.
const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Two sales land from one file, then a later file corrects the first; the silver sales processor takes both files. */
async function landCorrection(transport: Transport, registry: Client, prefix: string): Promise<void> {
  await landSales(transport, registry, prefix, [['901,3,44,9,2,0.1,,2018-02-05 07:38:25.430,T1', '902,3,45,9,1,0,,2018-02-05 07:40:00.000,T2'], ['901,3,44,9,5,0.1,,2018-02-05 07:38:25.430,T1']], cleanups);
}

async function trace(args: readonly string[]): Promise<string> {
  const run = runCli(['trace', 'fact_sales', ...args]);
  const code = await run.exited;
  expect(code, run.output).toBe(0);
  return run.output;
}

function expectCorrection(text: string, json: SaleTrace): void {
  expect(text).toMatch(/✔ winner\s+file \S*sales-0002\.csv line 2\b/);
  expect(text).toMatch(/ {3}superseded file \S*sales-0001\.csv line 2\b/);
  expect(json.versions.map((v) => [path.basename(v.sourceUri), v.sourcePosition, v.status, v.values?.quantity])).toEqual([
    ['sales-0001.csv', 'line 2', 'superseded', 2],
    ['sales-0002.csv', 'line 2', 'winner', 5],
  ]);
  expect(json.winnerBy).toBe('silver-origin');
  expect(json.silver?.values).toMatchObject({ sale_id: 'store-901', quantity: 5 });
}

describe('medallion trace fact_sales', () => {
  it('on Kafka: names the file and line of a sale, and after a correction both versions with the winner marked', async () => {
    const prefix = `test.trace.${randomBytes(4).toString('hex')}.`;
    const transport = await stackKafka.open();
    cleanups.push(() => transport.close());
    const registry = await stackKafka.registry();
    cleanups.push(async () => stackKafka.dropTopics((await transport.topicNames()).filter((t) => t.startsWith(prefix) || t.startsWith(`medallion.${prefix}`))));
    await landCorrection(transport, registry, prefix);

    const single = await trace(['store-902', '--topic-prefix', prefix]);
    expect(single).toMatch(/✔ winner\s+file \S*sales-0001\.csv line 3\b/);
    expectCorrection(await trace(['store-901', '--topic-prefix', prefix]), JSON.parse(await trace(['store-901', '--topic-prefix', prefix, '--json'])) as SaleTrace);

    const missing = runCli(['trace', 'fact_sales', 'store-999999', '--topic-prefix', prefix]);
    expect(await missing.exited).not.toBe(0);
    expect(missing.output).toContain(`sale store-999999 is not in gold.fact_sales, nor in ${prefix}silver.sales`);
    expect(missing.output).not.toMatch(/\bat .*\.ts:\d+/);
    const badKey = runCli(['trace', 'fact_sales', 'sale-1', '--topic-prefix', prefix]);
    expect(await badKey.exited).not.toBe(0);
    expect(badKey.output).toContain('"sale-1" is not a sale id of gold.fact_sales');
    const badTable = runCli(['trace', 'fact_sale', 'store-1']);
    expect(await badTable.exited).not.toBe(0);
    expect(badTable.output).toContain('"fact_sale" is not a gold table');
    // Each CLI run starts a Node process and its Kafka clients: slow on a busy machine.
  }, 300_000);

  it('in embedded mode, through the dashboard of the process that holds the in-process log: the same answer', async () => {
    const transport = new InProcessTransport();
    const registry = await embeddedRegistry();
    await landCorrection(transport, registry, '');
    const tracer = goldTracer(async () => ({ transport, registry }), resolveConnections().warehouseBiUrl);
    const dashboard = await startDashboard({ warehouseUrl: resolveConnections().warehouseBiUrl, port: 0, trace: tracer });
    cleanups.push(() => dashboard.close());
    expectCorrection(await trace(['store-901', '--dashboard', dashboard.url]), JSON.parse(await trace(['store-901', '--dashboard', dashboard.url, '--json'])) as SaleTrace);
    const missing = runCli(['trace', 'fact_sales', 'store-999999', '--dashboard', dashboard.url]);
    expect(await missing.exited).not.toBe(0);
    expect(missing.output).toContain('sale store-999999 is not in gold.fact_sales');
  }, 300_000);
});
