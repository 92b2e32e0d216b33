import { describe, expect, it } from 'vitest';
import { kafkaDown } from '../../../pipeline/services-status.ts';
import { embeddedRegistry } from '../../../schemas/embedded-registry.ts';
import { goldSerde } from '../../../schemas/layer-serde.ts';
import { KEY_SCAN_OFFSETS, topicBrowser } from '../../../topics/topic-browser.ts';
import { partitionForKey } from '../../../transport/key-partitioner.ts';
import { InProcessTransport } from '../../../transport/in-process/in-process-transport.ts';

async function browserOver(records: number): Promise<{ browser: ReturnType<typeof topicBrowser>; transport: InProcessTransport }> {
  const transport = new InProcessTransport();
  const registry = await embeddedRegistry();
  await transport.ensureTopics([{ name: 'bronze.sales', partitions: 1 }]);
  const producer = await transport.producer('topics-test');
  // Key k<i> at offset i; "old" once more at the very start and "late" at the very end.
  await producer.transaction((tx) =>
    tx.send([
      { topic: 'bronze.sales', key: Buffer.from('old'), value: Buffer.from('first') },
      ...Array.from({ length: records }, (_, i) => ({ topic: 'bronze.sales', key: Buffer.from(`k${i}`), value: Buffer.from(`v${i}`) })),
      { topic: 'bronze.sales', key: Buffer.from('old'), value: Buffer.from('last') },
    ]),
  );
  return { browser: topicBrowser({ mode: 'test', open: async () => ({ transport, registry }) }), transport };
}

describe('the Topics page browser', () => {
  it('searches a key newest first, at most KEY_SCAN_OFFSETS offsets per request, and pages further back with before', async () => {
    const { browser } = await browserOver(KEY_SCAN_OFFSETS + 5000);
    const first = await browser.records({ topic: 'bronze.sales', key: 'old', limit: 20 });
    expect(first.records.map((r) => [r.offset, r.value])).toEqual([[String(KEY_SCAN_OFFSETS + 5001), { kind: 'text', text: 'last' }]]);
    // The newest KEY_SCAN_OFFSETS offsets were looked at; the first version is older.
    expect(first.next).toEqual({ partition: 0, before: String(5002) });
    const second = await browser.records({ topic: 'bronze.sales', key: 'old', before: BigInt(first.next!.before), limit: 20 });
    expect(second.records.map((r) => [r.offset, r.value])).toEqual([['0', { kind: 'text', text: 'first' }]]);
    expect(second.next).toBeUndefined();
  });

  it('stops a key search at the limit and continues below the last record shown', async () => {
    const transport = new InProcessTransport();
    const registry = await embeddedRegistry();
    await transport.ensureTopics([{ name: 'gold.product_performance', partitions: 3 }]);
    const gold = goldSerde(registry);
    const key = await gold.key.serialize('product_performance', { product_id: 9 });
    const producer = await transport.producer('topics-test');
    for (let version = 1; version <= 5; version += 1) {
      const value = await gold.value.serialize('product_performance', { product_id: 9, product_name: 'Crackers', category_name: null, orders: version, quantity: version, revenue: `${version}.00` });
      await producer.transaction((tx) => tx.send([{ topic: 'gold.product_performance', key, value }]));
    }
    const browser = topicBrowser({ mode: 'test', open: async () => ({ transport, registry }) });
    const page = await browser.records({ topic: 'gold.product_performance', key: '9', limit: 2 });
    const orders = (p: typeof page): unknown[] => p.records.map((r) => (r.value?.kind === 'avro' ? (r.value.fields as { orders: number }).orders : null));
    expect(orders(page)).toEqual([5, 4]);
    expect(page.records[0]!.partition).toBe(partitionForKey(key, 3));
    expect(page.records[0]!.key).toMatchObject({ kind: 'avro', subject: 'gold.product_performance-key', fields: { product_id: 9 } });
    const rest = await browser.records({ topic: 'gold.product_performance', key: '9', before: BigInt(page.next!.before), limit: 10 });
    expect(orders(rest)).toEqual([3, 2, 1]);
    await expect(browser.records({ topic: 'gold.product_performance', key: '{"product_id":"x"}', limit: 2 })).rejects.toThrow('does not fit the key schema of gold.product_performance (subject gold.product_performance-key, version 1: fields product_id)');
  });

  it('refuses an offset without a partition, a partition or offset out of range and an unknown topic, naming what exists', async () => {
    const { browser } = await browserOver(10);
    await expect(browser.records({ topic: 'bronze.sales', offset: 3n, limit: 5 })).rejects.toThrow('offset 3 was given without a partition (bronze.sales has partitions 0 to 0)');
    await expect(browser.records({ topic: 'bronze.sales', partition: 0, offset: 99n, limit: 5 })).rejects.toThrow('offset 99 is out of range for topic bronze.sales partition 0: it holds offsets 0 to 11');
    await expect(browser.records({ topic: 'bronze.sales', partition: 2, limit: 5 })).rejects.toThrow('topic bronze.sales has no partition 2');
    await expect(browser.records({ topic: 'bronze.sale', limit: 5 })).rejects.toThrow(/topic "bronze\.sale" does not exist \(test\)\n {2}fix: pick one of bronze\.sales/);
    const page = await browser.records({ topic: 'bronze.sales', partition: 0, offset: 10n, limit: 5 });
    expect(page.records.map((r) => r.offset)).toEqual(['10', '11']);
  });

  it('names Kafka and the fix when it does not answer, before opening anything that would wait for it', async () => {
    let opened = 0;
    const browser = topicBrowser({
      mode: 'test',
      open: async () => {
        opened += 1;
        throw new Error('not to be opened');
      },
      unreachable: () => kafkaDown('127.0.0.1:9', 'the Topics page reads the topics from it'),
    });
    for (const asked of [browser.topics(), browser.records({ topic: 'bronze.sales', limit: 5 })]) {
      await expect(asked).rejects.toMatchObject({ code: 'unreachable', message: expect.stringMatching(/^Kafka at 127\.0\.0\.1:9 does not answer \(.+\): the Topics page reads the topics from it\.\n {2}fix: start it \(medallion stack up\)/) });
    }
    expect(opened).toBe(0);
  });
});
