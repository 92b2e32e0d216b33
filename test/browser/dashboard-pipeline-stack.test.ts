import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@confluentinc/schemaregistry';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resolveConnections } from '../../config/connections.ts';
import { startDashboard } from '../../dashboard/start-dashboard.ts';
import { servicesStatusProvider } from '../../pipeline/services-status.ts';
import { deadLetterSerde } from '../../schemas/record-serde.ts';
import { CONNECT_PLUGINS } from '../../connect-config/connect-plugins.ts';
import type { KafkaTransport } from '../../transport/kafka/kafka-transport.ts';
import { stackKafka } from '../integration/stack-kafka.ts';
import { deleteConnector, runConnector } from '../integration/stack/kafka-test-kit.ts';
import { launchBrowser, openPage, panelRows, panelsDrawn } from './dashboard-kit.ts';

// The Pipeline page of a dashboard that runs on its own beside Kafka, the registry and Connect, as `medallion dashboard` starts it.
const warehouse = inject('warehouse');
const id = randomBytes(4).toString('hex');
const prefix = `test.inspect.${id}.`;
const namespace = `test-inspect-${id}.`;
const connector = `test-inspect-${id}`;
const topics = ['bronze.sales', 'silver.sales', 'dlq.sales'].map((t) => `${prefix}${t}`);
let browser: Browser;
let transport: KafkaTransport;
let registry: Client;
let dir: string;

beforeAll(async () => {
  browser = await launchBrowser();
  transport = await stackKafka.open();
  registry = await stackKafka.registry();
  dir = mkdtempSync(path.join(os.tmpdir(), 'medallion-inspect-'));
  writeFileSync(path.join(dir, 'in.txt'), '');
});

afterAll(async () => {
  await browser?.close();
  await deleteConnector(connector).catch(() => {});
  await transport?.close();
  await stackKafka.dropTopics(topics);
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('the Pipeline page beside the stack', () => {
  it('shows records per layer, dead letters with their reasons, a processor group’s lag and connector states read from Kafka, the registry and Connect', async () => {
    const [bronze, silver, letters] = topics as [string, string, string];
    await transport.ensureTopics([
      { name: bronze, partitions: 3 },
      { name: silver, partitions: 3 },
      { name: letters, partitions: 1 },
    ]);
    const producer = await transport.producer(`test-inspect-${id}`);
    // Seven sales of one key: one partition, offsets 0–6, then the commit marker.
    await producer.transaction((tx) => tx.send(Array.from({ length: 7 }, (_, i) => ({ topic: bronze, key: Buffer.from('k'), value: Buffer.from(`sale ${i}`) }))));
    const serde = deadLetterSerde(registry);
    for (const line of [17, 18]) {
      const value = await serde.serialize('sales', { entity: 'sales', stage: 'source', reason: `Quantity must be a whole number (line ${line})`, field: 'Quantity', value: '2x', source_uri: 'file:///landing/sales-0003.csv', source_position: `line ${line}`, raw: Buffer.from(`17,3,44,9,2x,line ${line}`), failed_at: new Date(Date.UTC(2026, 0, 2, 3, 4, line)) });
      await producer.transaction((tx) => tx.send([{ topic: letters, key: null, value }]));
    }
    // silver-sales's group has committed offset 3 of the sales' partition: 4 sales and the marker behind.
    const group = `medallion.${namespace}silver-sales`;
    const consumer = await transport.consumer({ groupId: group, topics: [bronze] });
    const bounds = await transport.partitionBounds([bronze]);
    const salesPartition = bounds.find((b) => b.end > 0n)!.partition;
    await producer.transaction((tx) => {
      tx.send([{ topic: silver, key: Buffer.from('k'), value: Buffer.from('sale') }]);
      tx.sendOffsets(consumer, [{ topic: bronze, partition: salesPartition, offset: 3n }]);
    });
    await consumer.close();
    await producer.close();
    await runConnector(connector, { 'connector.class': CONNECT_PLUGINS.fileSource, 'tasks.max': '1', topic: `${prefix}connect`, file: path.join(dir, 'in.txt') });
    topics.push(`${prefix}connect`);

    const provider = servicesStatusProvider({ connections: resolveConnections(), topicPrefix: prefix, namespace });
    const dashboard = await startDashboard({ warehouseUrl: warehouse.biUrl, port: 0, pipelineStatus: provider });
    const { page, problems } = await openPage(browser);
    try {
      await page.goto(`${dashboard.url}/pipeline`);
      await panelsDrawn(page);
      const layers = await panelRows(page, 'pipeline/layers');
      const records = (topic: string): number => Number(layers.find((row) => row.topic === topic)?.records);
      // Counted from offsets: the records and their transactions' commit markers, never a read of the topic.
      expect(records(bronze)).toBe(8);
      expect(records(silver)).toBe(2);
      expect(records(`${prefix}gold.fact_sales`)).toBe(0);
      expect(layers.filter((row) => row.layer === 'bronze')).toHaveLength(8);

      const deadLetters = (await panelRows(page, 'pipeline/dead-letters')).filter((row) => row.entity === 'sales');
      expect(deadLetters.map((row) => [row.count, row.reason, row.value, row.source])).toEqual([
        ['2', 'Quantity must be a whole number (line 18)', '2x', 'file:///landing/sales-0003.csv line 18'],
        ['2', 'Quantity must be a whole number (line 17)', '2x', 'file:///landing/sales-0003.csv line 17'],
      ]);
      expect((await panelRows(page, 'pipeline/lag')).find((row) => row.processor === 'silver-sales')).toEqual({ processor: 'silver-sales', group, lag: '5' });
      expect((await panelRows(page, 'pipeline/connectors')).find((row) => row.name === connector)).toEqual({ name: connector, type: 'source', state: 'RUNNING', tasks: '0: RUNNING', trace: null });
      // The one panel left empty: the processes' own states, which they print where they run.
      expect(await page.locator('.panel-unavailable:visible').count()).toBe(1);
      expect(await page.locator('.panel[data-panel="pipeline/parts"] .panel-unavailable').textContent()).toContain('run in processes of their own');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await dashboard.close();
      await provider.close();
    }
  });

  it('names Kafka and Connect with the fix when they do not answer, and still shows the warehouse', async () => {
    const connections = { ...resolveConnections(), connectUrl: 'http://127.0.0.1:9' };
    const provider = servicesStatusProvider({ connections: { ...connections, kafka: { ...connections.kafka, bootstrapServers: '127.0.0.1:9' } } });
    const dashboard = await startDashboard({ warehouseUrl: warehouse.biUrl, port: 0, pipelineStatus: provider });
    const { page, problems } = await openPage(browser);
    try {
      await page.goto(`${dashboard.url}/pipeline`);
      await panelsDrawn(page);
      for (const panel of ['layers', 'dead-letters', 'lag']) {
        const text = await page.locator(`.panel[data-panel="pipeline/${panel}"] .panel-unavailable`).textContent();
        expect(text).toContain('Kafka at 127.0.0.1:9 does not answer');
        expect(text).toContain('MEDALLION_KAFKA_BOOTSTRAP_SERVERS');
      }
      const connect = await page.locator('.panel[data-panel="pipeline/connectors"] .panel-unavailable').textContent();
      expect(connect).toContain('Kafka Connect at http://127.0.0.1:9 does not answer');
      expect(connect).toContain('MEDALLION_CONNECT_URL');
      expect((await panelRows(page, 'pipeline/freshness')).length).toBe(8);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await dashboard.close();
      await provider.close();
    }
  });
});
