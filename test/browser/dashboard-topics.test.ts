import { randomBytes } from 'node:crypto';
import type { Client } from '@confluentinc/schemaregistry';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDashboard } from '../../dashboard/start-dashboard.ts';
import { embeddedRegistry } from '../../schemas/embedded-registry.ts';
import { goldSerde } from '../../schemas/layer-serde.ts';
import { topicBrowser } from '../../topics/topic-browser.ts';
import { InProcessTransport } from '../../transport/in-process/in-process-transport.ts';
import type { Transport } from '../../transport/transport.ts';
import { stackKafka } from '../integration/stack-kafka.ts';
import { landSales } from '../integration/trace/landed-sales.ts';
import { launchBrowser, openPage, panelRows, panelsDrawn, screenshot } from './dashboard-kit.ts';

// The Topics page, in both modes: every layer's topics, and a bronze, a silver and a gold record and a dead letter decoded through the registry.
const warehouse = inject('warehouse');
const cleanups: (() => Promise<void> | void)[] = [];
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await browser?.close();
});

/** Sales land from two files (the second corrects sale 901, and one row of the first is bad), silver-sales takes them, and gold gets a product's row. */
async function landRecords(transport: Transport, registry: Client, prefix: string): Promise<void> {
  await landSales(transport, registry, prefix, [['901,3,44,9,2,0.1,,2018-02-05 07:38:25.430,T1', '902,3,45,9,2x,0,,2018-02-05 07:40:00.000,T2'], ['901,3,44,9,5,0.1,,2018-02-05 07:38:25.430,T1']], cleanups);
  const gold = goldSerde(registry);
  const topic = `${prefix}gold.product_performance`;
  // Debezium's change topics (landing) are named by the connector, never prefixed: a name of this run's own.
  await transport.ensureTopics([{ name: topic, partitions: 3 }, { name: `cdc.${prefix}categories`, partitions: 1 }]);
  const producer = await transport.producer(`test-topics-${prefix}gold`);
  const row = async (product_id: number, product_name: string) => ({
    topic,
    key: await gold.key.serialize('product_performance', { product_id }),
    value: await gold.value.serialize('product_performance', { product_id, product_name, category_name: 'Snacks', orders: 1, quantity: 5, revenue: '40.50' }),
  });
  const records = [await row(9, 'Crackers - Water'), await row(10, 'Bread - Rye')];
  // A bronze record whose schema id the registry never gave out.
  const unknownId = Buffer.concat([Buffer.from([0, 0, 1, 0x86, 0x9f]), Buffer.from('body')]);
  await producer.transaction((tx) => tx.send([...records, { topic: `${prefix}bronze.sales`, key: Buffer.from('999'), value: unknownId }]));
  await producer.close();
}

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await panelsDrawn(page);
}

async function records(page: Page): Promise<Record<string, string | null>[]> {
  return panelRows(page, 'topics/records');
}

const unavailable = (page: Page): Promise<string | null> => page.locator('.panel[data-panel="topics/records"] .panel-unavailable').textContent();

const MODES = {
  embedded: async () => ({ transport: new InProcessTransport() as Transport, registry: await embeddedRegistry() }),
  stack: async () => {
    const transport = await stackKafka.open();
    return { transport: transport as Transport, registry: await stackKafka.registry() };
  },
};

describe.each(Object.keys(MODES) as (keyof typeof MODES)[])('the Topics page (%s)', (mode) => {
  it('lists every layer’s topics and decodes a bronze, a silver and a gold record and a dead letter; bad input is named on the page', async () => {
    const prefix = `test.topics.${randomBytes(4).toString('hex')}.`;
    const { transport, registry } = await MODES[mode]();
    cleanups.push(async () => {
      if (mode === 'stack') await stackKafka.dropTopics((await transport.topicNames()).filter((t) => t.startsWith(prefix) || t.startsWith(`medallion.${prefix}`) || t.startsWith(`cdc.${prefix}`)));
      await transport.close();
    });
    await landRecords(transport, registry, prefix);
    const topics = topicBrowser({ mode, open: async () => ({ transport, registry }), topicPrefix: prefix, namespace: prefix });
    const dashboard = await startDashboard({ warehouseUrl: warehouse.biUrl, port: 0, topics });
    cleanups.push(() => dashboard.close());
    const { page, problems } = await openPage(browser);
    try {
      await open(page, `${dashboard.url}/topics`);
      const listed = await panelRows(page, 'topics/topics');
      const of = (topic: string) => listed.find((row) => row.topic === topic);
      expect(of(`${prefix}bronze.sales`)).toMatchObject({ layer: 'bronze', partitions: '3', cleanup: 'delete' });
      // silver-sales has not read the record written after it stopped (on Kafka, transaction markers take offsets too).
      const lag = new RegExp(`^medallion\\.${prefix.replaceAll('.', '\\.')}silver-sales \\((\\d+)\\)$`).exec(of(`${prefix}bronze.sales`)?.groups ?? '');
      expect(Number(lag?.[1])).toBeGreaterThanOrEqual(1);
      expect(of(`${prefix}silver.sales`)).toMatchObject({ layer: 'silver', cleanup: 'delete' });
      expect(of(`${prefix}gold.product_performance`)).toMatchObject({ layer: 'gold', partitions: '3' });
      expect(of(`${prefix}dlq.sales`)).toMatchObject({ layer: 'dlq', cleanup: 'delete' });
      expect(of(`${prefix}_medallion.file-source.checkpoints`)).toMatchObject({ layer: 'checkpoints', cleanup: 'compact' });
      expect(listed.filter((row) => row.layer === 'state').map((row) => row.cleanup)).toContain('compact');
      expect(of(`cdc.${prefix}categories`)).toMatchObject({ layer: 'landing', cleanup: 'not created by the pipeline' });
      expect([...new Set(listed.map((row) => row.layer))]).toEqual(expect.arrayContaining(['landing', 'bronze', 'silver', 'gold', 'dlq', 'state', 'checkpoints']));

      // A topic's link opens its newest records: the bronze sales, each with its file and line, and the one of an unknown schema id named.
      await page.click(`.panel[data-panel="topics/topics"] a:text-is("${prefix}bronze.sales")`);
      await page.waitForURL(/\/topics\?topic=/);
      await panelsDrawn(page);
      const bronze = await records(page);
      await screenshot(page, `topics-bronze-${mode}`);
      // Sale 901 twice (the second file corrects it) and the record of an unknown schema id; 902 was dead-lettered.
      expect(bronze).toHaveLength(3);
      const sale = bronze.filter((r) => r.key === '901');
      expect(sale.map((r) => r.lineage)).toEqual([expect.stringMatching(/^file \S*sales-0002\.csv line 2 /), expect.stringMatching(/^file \S*sales-0001\.csv line 2 /)]);
      // Written with the subject's latest schema, as every writer of the pipeline does.
      const latest = await registry.getLatestSchemaMetadata('bronze.sales-value');
      expect(sale[0]).toMatchObject({ subject: 'bronze.sales-value', schema_id: String(latest.id), version: String(latest.version) });
      expect(JSON.parse(sale[0]!.value!)).toMatchObject({ sales_id: 901, quantity: 5 });
      expect(bronze.find((r) => r.key === '999')?.value).toContain('the registry does not know schema id 99999 under subject bronze.sales-value');

      // Silver: the Avro key and value, and the bronze record it was built from.
      await open(page, `${dashboard.url}/topics?topic=${prefix}silver.sales&key=store-901`);
      const silver = await records(page);
      const silverLatest = await registry.getLatestSchemaMetadata('silver.sales-value');
      // Both versions of the sale, the correction first (newest first).
      expect(silver.map((r) => JSON.parse(r.value!).quantity)).toEqual([5, 2]);
      expect(silver[0]).toMatchObject({ key: '{"sale_id":"store-901"}', subject: 'silver.sales-value', schema_id: String(silverLatest.id), version: String(silverLatest.version) });
      expect(silver[0]!.lineage).toMatch(new RegExp(`^built from ${prefix.replaceAll('.', '\\.')}bronze\\.sales/\\d/\\d+$`));

      // Gold by key: a product's row, from the one partition its key hashes to.
      await open(page, `${dashboard.url}/topics?topic=${prefix}gold.product_performance&key=9`);
      const gold = await records(page);
      expect(gold.map((r) => [r.key, r.subject, JSON.parse(r.value!).product_name])).toEqual([['{"product_id":9}', 'gold.product_performance-value', 'Crackers - Water']]);

      // A dead letter: its reason and raw payload.
      await open(page, `${dashboard.url}/topics?topic=${prefix}dlq.sales`);
      const letters = await records(page);
      expect(letters).toHaveLength(1);
      expect(letters[0]!.reason).toContain('source: malformed-number: quantity must be a number');
      expect(letters[0]!.reason).toContain('(field quantity = "2x")');
      expect(letters[0]!.reason).toMatch(/sales-0001\.csv line 3/);
      expect(letters[0]!.raw).toContain('2x');

      // Bad input: each named on the page with what exists, never a stack trace.
      await open(page, `${dashboard.url}/topics?topic=${prefix}bronze.nope`);
      expect(await unavailable(page)).toContain(`topic "${prefix}bronze.nope" does not exist`);
      expect(await unavailable(page)).toContain(`${prefix}bronze.sales`);
      await open(page, `${dashboard.url}/topics?topic=${prefix}dlq.sales&partition=0&offset=999999`);
      expect(await unavailable(page)).toMatch(/offset 999999 is out of range for topic \S+dlq\.sales partition 0: it holds/);
      await open(page, `${dashboard.url}/topics?topic=${prefix}dlq.sales&partition=7`);
      expect(await unavailable(page)).toContain(`topic ${prefix}dlq.sales has no partition 7`);
      await open(page, `${dashboard.url}/topics?topic=${prefix}gold.product_performance&key=crackers`);
      expect(await unavailable(page)).toContain('key "crackers" does not fit the key schema');
      await open(page, `${dashboard.url}/topics?topic=${prefix}dlq.sales&offset=-1`);
      expect(await unavailable(page)).toContain('offset "-1" is not a whole number');
      expect(await page.locator('body').textContent()).not.toMatch(/\bat .*\.ts:\d+/);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 300_000);
});
