import type { Client } from '@confluentinc/schemaregistry';
import { beforeAll, describe, expect, it } from 'vitest';
import { DELETE_LINEAGE_HEADER } from '../../../../processors/mysql-cdc/mysql-cdc-processor.ts';
import { silverProcessors } from '../../../../processors/silver/silver-processors.ts';
import { ORIGIN_HEADER } from '../../../../processors/silver/silver-origin.ts';
import { runProcessor } from '../../../../processors/runtime/processor-runtime.ts';
import type { Processor } from '../../../../processors/runtime/processor.ts';
import type { BronzeEntity } from '../../../../schemas/bronze-contracts.ts';
import { readDeadLetterSchema } from '../../../../schemas/dlq-contract.ts';
import { embeddedRegistry } from '../../../../schemas/embedded-registry.ts';
import type { BronzeCart, BronzeCategory, BronzeRecords, DeadLetter } from '../../../../schemas/generated/bronze-types.ts';
import { silverSerde } from '../../../../schemas/layer-serde.ts';
import { bronzeKey, bronzeSerde, recordSerde } from '../../../../schemas/record-serde.ts';
import { registerSchemas } from '../../../../schemas/registration.ts';
import { InProcessLog } from '../../../../transport/in-process/in-process-log.ts';
import { openTransport } from '../../../../transport/open-transport.ts';
import type { OutgoingRecord } from '../../../../transport/transport.ts';
import { lineage, sampleSale } from '../../schemas/bronze-fixtures.ts';
import { ProcessorHarness, sentOf } from '../processor-harness.ts';
import { settled } from '../run-pipeline.ts';

let registry: Client;
beforeAll(async () => {
  registry = await embeddedRegistry();
});

function processorFor(entity: BronzeEntity, topicPrefix = ''): Processor {
  return silverProcessors({ registry, partitions: 1, topicPrefix }).find((p) => p.inputs[0] === `${topicPrefix}bronze.${entity}`)!;
}

async function feed<E extends BronzeEntity>(harness: ProcessorHarness, entity: E, record: BronzeRecords[E]) {
  return harness.feed(`bronze.${entity}`, bronzeKey(entity, record), await bronzeSerde(registry).serialize(entity, record));
}

async function decoded(records: readonly OutgoingRecord[]) {
  const serde = silverSerde(registry);
  return Promise.all(
    records.map(async (r) => ({
      key: await serde.key.deserialize('sales', r.key!),
      value: r.value === null ? null : await serde.value.deserialize('sales', r.value),
    })),
  );
}

const at = (sequence: number) => ({ ...lineage, source_sequence: sequence });

describe('silver processors: latest wins by source sequence', () => {
  it('emits the first version, drops the same values again as a duplicate, and emits a newer correction', async () => {
    const harness = new ProcessorHarness(processorFor('sales'));
    const first = sentOf(await feed(harness, 'sales', { ...sampleSale, lineage: at(1) }));
    expect(await decoded(first)).toEqual([{ key: { sale_id: 'store-7' }, value: expect.objectContaining({ sale_id: 'store-7', quantity: 2 }) }]);
    expect(first[0]!.headers?.[ORIGIN_HEADER]).toBe('bronze.sales/0/0');
    // The same row again, even with other extras and lineage: a duplicate.
    expect(sentOf(await feed(harness, 'sales', { ...sampleSale, extras: {}, lineage: at(2) }))).toEqual([]);
    const corrected = sentOf(await feed(harness, 'sales', { ...sampleSale, quantity: 3, lineage: at(3) }));
    expect(await decoded(corrected)).toEqual([{ key: { sale_id: 'store-7' }, value: expect.objectContaining({ quantity: 3 }) }]);
    expect(harness.counts).toMatchObject({ deduplicated: 1, recordsOut: 2 });
  });

  it('drops a version older than the latest, or replayed with the same sequence, whatever its values', async () => {
    const harness = new ProcessorHarness(processorFor('sales'));
    sentOf(await feed(harness, 'sales', { ...sampleSale, lineage: at(5) }));
    expect(sentOf(await feed(harness, 'sales', { ...sampleSale, quantity: 9, lineage: at(4) }))).toEqual([]);
    expect(sentOf(await feed(harness, 'sales', { ...sampleSale, quantity: 9, lineage: at(5) }))).toEqual([]);
    expect(harness.counts.deduplicated).toBe(2);
  });

  it('keeps an unchanged newer version as the latest sequence, so an older correction arriving after it stays dropped', async () => {
    const harness = new ProcessorHarness(processorFor('sales'));
    sentOf(await feed(harness, 'sales', { ...sampleSale, lineage: at(1) }));
    expect(sentOf(await feed(harness, 'sales', { ...sampleSale, lineage: at(3) }))).toEqual([]);
    expect(sentOf(await feed(harness, 'sales', { ...sampleSale, quantity: 9, lineage: at(2) }))).toEqual([]);
    expect(harness.counts.deduplicated).toBe(2);
  });

  it('counts a record it refuses nowhere but in the refusal, and keeps no state of it', async () => {
    const harness = new ProcessorHarness(processorFor('sales'));
    const outcome = await feed(harness, 'sales', { ...sampleSale, quantity: 0, lineage: at(1) });
    expect(outcome).toMatchObject({ refused: { rule: 'out-of-range', field: 'quantity', value: '0' } });
    // The good version after it is new, not a duplicate of the refused one.
    expect(sentOf(await feed(harness, 'sales', { ...sampleSale, lineage: at(2) }))).toHaveLength(1);
  });
});

describe('silver processors: carts and deletes', () => {
  const cart: BronzeCart = {
    cart_id: 4,
    user_id: 2,
    created_at: new Date('2018-03-01T10:00:00.000Z'),
    lines: [
      { product_id: 1, title: 'Flour', price: '3.49', quantity: 2, total: '6.98', discount_percentage: '0', discounted_total: '6.98' },
      { product_id: 2, title: 'Milk', price: '0.99', quantity: 1, total: '0.99', discount_percentage: '0', discounted_total: '0.99' },
    ],
    extras: {},
    lineage: at(1),
  };

  it('writes each cart line, and a newer cart without a line deletes that line', async () => {
    const harness = new ProcessorHarness(processorFor('carts'));
    const first = await decoded(sentOf(await feed(harness, 'carts', cart)));
    expect(first.map((r) => r.key)).toEqual([{ sale_id: 'online-4-1' }, { sale_id: 'online-4-2' }]);
    const second = await decoded(sentOf(await feed(harness, 'carts', { ...cart, lines: [cart.lines[1]!], lineage: at(2) })));
    expect(second).toEqual([
      { key: { sale_id: 'online-4-1' }, value: null },
      { key: { sale_id: 'online-4-2' }, value: expect.objectContaining({ quantity: 1 }) },
    ]);
  });

  it('carries a bronze tombstone as tombstones of every silver key it wrote; a tombstone for nothing is a duplicate', async () => {
    const harness = new ProcessorHarness(processorFor('categories'));
    const category: BronzeCategory = { category_id: 3, category_name: 'dairy', extras: {}, lineage: at(1) };
    sentOf(await feed(harness, 'categories', category));
    const deleted = sentOf(await harness.feed('bronze.categories', Buffer.from('3'), null));
    expect(deleted).toHaveLength(1);
    expect(deleted[0]!.value).toBeNull();
    expect(await silverSerde(registry).key.deserialize('categories', deleted[0]!.key!)).toEqual({ category_id: 3 });
    expect(sentOf(await harness.feed('bronze.categories', Buffer.from('3'), null))).toEqual([]);
    // Re-created by a newer version.
    expect(sentOf(await feed(harness, 'categories', { ...category, lineage: at(2) }))).toHaveLength(1);
    expect(harness.counts.deduplicated).toBe(1);
  });

  it('orders a CDC delete among the versions by the lineage its tombstone carries', async () => {
    const harness = new ProcessorHarness(processorFor('categories'));
    sentOf(await feed(harness, 'categories', { category_id: 3, category_name: 'dairy', extras: {}, lineage: at(5) }));
    const deleteAt = (sequence: number) => harness.feed('bronze.categories', Buffer.from('3'), null, { [DELETE_LINEAGE_HEADER]: JSON.stringify(at(sequence)) });
    // A delete older than the latest version is stale; a newer one deletes.
    expect(sentOf(await deleteAt(4))).toEqual([]);
    expect(sentOf(await deleteAt(6)).map((r) => r.value)).toEqual([null]);
    // An older version after the delete stays dropped.
    expect(sentOf(await feed(harness, 'categories', { category_id: 3, category_name: 'dairy', extras: {}, lineage: at(5) }))).toEqual([]);
  });
});

describe('silver processors under the runtime', () => {
  // Under a topic prefix the dead letter still names the entity and the stage: the processor says them, the topic's name does not.
  it.each(['', 'run-7.'])("dead-letter a refused record to dlq.<entity> with the rule, field and value, and go on (topic prefix '%s')", async (prefix) => {
    const transport = await openTransport({ kind: 'in-process', log: new InProcessLog() });
    try {
      const serde = bronzeSerde(registry);
      const products = [
        { product_id: 1, product_name: ' ', price: '1.0000', category_id: 1, class: null, modify_date: null, resistant: null, is_allergic: null, vitality_days: null, extras: {}, lineage: at(1) },
        { product_id: 2, product_name: 'tea', price: '2.5000', category_id: 1, class: null, modify_date: null, resistant: null, is_allergic: true, vitality_days: 3, extras: {}, lineage: at(2) },
      ];
      await transport.ensureTopics([{ name: `${prefix}bronze.products`, partitions: 2 }]);
      const producer = await transport.producer(`test-${Math.random().toString(36).slice(2)}`);
      const records = await Promise.all(products.map(async (p) => ({ topic: `${prefix}bronze.products`, key: bronzeKey('products', p), value: await serde.serialize('products', p) })));
      await producer.transaction((tx) => tx.send(records));
      await producer.close();
      // A processor writes its dead letters under its dead-letter topic's own subject (processors/runtime/dead-letters.ts).
      if (prefix !== '') await registerSchemas(registry, [{ subject: `${prefix}dlq.products-value`, schema: readDeadLetterSchema() }]);
      const running = await runProcessor(processorFor('products', prefix), { transport, registry, pollMs: 20 });
      await settled([running]);
      await running.stop();
      const letters: Buffer[] = [];
      const dlq = `${prefix}dlq.products`;
      await transport.readAll(dlq, (batch) => batch.forEach((r) => letters.push(r.value!)));
      expect(await Promise.all(letters.map((l) => recordSerde<Record<string, DeadLetter>>(registry, { [dlq]: dlq }).deserialize(dlq, l)))).toEqual([
        expect.objectContaining({ entity: 'products', stage: 'silver', reason: 'missing-required: product_name is required but blank', field: 'product_name', value: ' ', source_uri: `${prefix}bronze.products` }),
      ]);
      const silver: Buffer[] = [];
      await transport.readAll(`${prefix}silver.products`, (batch) => batch.forEach((r) => silver.push(r.value!)));
      expect(await Promise.all(silver.map((v) => silverSerde(registry).value.deserialize('products', v)))).toEqual([expect.objectContaining({ product_id: 2, product_name: 'Tea' })]);
    } finally {
      await transport.close();
    }
  });
});
