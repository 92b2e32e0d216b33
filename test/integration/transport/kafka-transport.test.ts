import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConnections } from '../../../config/connections.ts';
import { bronzeContract } from '../../../schemas/bronze-contracts.ts';
import type { BronzeSale } from '../../../schemas/generated/bronze-types.ts';
import { bronzeKey, recordSerde } from '../../../schemas/record-serde.ts';
import { registerSchemas } from '../../../schemas/registration.ts';
import { registryClient } from '../../../schemas/registry-client.ts';
import { call, loadKafkaClient } from '../../../transport/kafka/kafka-client.ts';
import { KafkaTransport } from '../../../transport/kafka/kafka-transport.ts';
import { openTransport } from '../../../transport/open-transport.ts';
import { readTopic, record, transportBehaviour } from '../../unit/transport/transport-behaviour.ts';

const connections = resolveConnections();
const suffix = (): string => randomBytes(4).toString('hex');
let admin: KafkaTransport;

beforeAll(async () => {
  admin = await KafkaTransport.open({ kafka: connections.kafka });
});

afterAll(async () => {
  await admin.close();
});

transportBehaviour('kafka', {
  open: () => openTransport({ kind: 'kafka', kafka: connections.kafka }),
  dropTopics: (names) => admin.deleteTopics(names),
});

/** Resolves once `topic` holds at least `count` records, committed or not (read_uncommitted). */
async function untilWritten(topic: string, count: number): Promise<void> {
  const client = await loadKafkaClient();
  const consumer = new client.KafkaConsumer({ 'bootstrap.servers': connections.kafka.bootstrapServers, 'group.id': `test-${suffix()}`, 'isolation.level': 'read_uncommitted', ...connections.kafka.settings }, { 'auto.offset.reset': 'earliest' });
  await call<unknown>((done) => consumer.connect({ allTopics: false }, done));
  try {
    consumer.assign([{ topic, partition: 0, offset: -2 }]);
    let seen = 0;
    while (seen < count) seen += (await call<unknown[]>((done) => consumer.consume(100, done))).length;
  } finally {
    await new Promise<void>((resolve) => consumer.disconnect(() => resolve()));
  }
}

describe('kafka transport on the local stack', () => {
  it('reads to the last stable offset while a transaction is open in the log, and ends', async () => {
    const transport = await KafkaTransport.open({ kafka: connections.kafka });
    const topic = `test.transport.${suffix()}`;
    try {
      await transport.ensureTopics([{ name: topic, partitions: 1 }]);
      const producer = await transport.producer(`test-transport-${suffix()}`);
      await producer.transaction((tx) => tx.send([record(topic, 'k', 'committed')]));
      await producer.transaction(async (tx) => {
        tx.send([record(topic, 'k', 'open')]);
        // The open transaction's record is on the broker now, past the last stable offset.
        await untilWritten(topic, 2);
        expect((await readTopic(transport, topic)).map((r) => r.value?.toString())).toEqual(['committed']);
      });
      expect((await readTopic(transport, topic)).map((r) => r.value?.toString())).toEqual(['committed', 'open']);
    } finally {
      await transport.close();
      await admin.deleteTopics([topic]);
    }
  });

  it('sends more records in one transaction than librdkafka\'s queue holds, all of them, in order', async () => {
    // A tiny producer queue makes librdkafka refuse records mid-transaction until it has room.
    const transport = await KafkaTransport.open({ kafka: { ...connections.kafka, settings: { ...connections.kafka.settings, 'queue.buffering.max.messages': '100' } } });
    const topic = `test.transport.${suffix()}`;
    try {
      await transport.ensureTopics([{ name: topic, partitions: 1 }]);
      const producer = await transport.producer(`test-transport-${suffix()}`);
      const values = Array.from({ length: 5000 }, (_, i) => `v${i}`);
      await producer.transaction((tx) => tx.send(values.map((v) => record(topic, 'k', v))));
      expect((await readTopic(transport, topic)).map((r) => r.value?.toString())).toEqual(values);
    } finally {
      await transport.close();
      await admin.deleteTopics([topic]);
    }
  });

  it('carries a bronze record through the real registry: registered contract, Confluent framing, same record back', async () => {
    const registry = registryClient(connections.registry);
    const topic = `test.sales.${suffix()}`;
    const subject = `${topic}-value`;
    const transport = await KafkaTransport.open({ kafka: connections.kafka });
    try {
      await registerSchemas(registry, [{ subject, schema: bronzeContract('sales').schema }]);
      await transport.ensureTopics([{ name: topic, partitions: 2 }]);
      const serde = recordSerde<{ sales: BronzeSale }>(registry, { sales: topic });
      const sale: BronzeSale = {
        sales_id: 41,
        sales_person_id: 3,
        customer_id: 11,
        product_id: 5,
        quantity: 2,
        discount: '0.2500',
        total_price: '18.40',
        sales_date: new Date('2018-02-05T07:38:25.430Z'),
        transaction_number: 'FQL4S94E4ME1EZFTG42G',
        extras: {},
        lineage: { source_kind: 'file', source_uri: '/landing/sales-0001.csv', source_position: 'line 42', source_sequence: 42, ingested_at: new Date('2026-11-24T01:02:03.456Z') },
      };
      const value = await serde.serialize('sales', sale);
      const producer = await transport.producer(`test-serde-${suffix()}`);
      await producer.transaction((tx) => tx.send([{ topic, key: bronzeKey('sales', sale), value }]));
      const [stored, ...rest] = await readTopic(transport, topic);
      expect(rest).toEqual([]);
      expect(stored!.key!.toString()).toBe('41');
      expect(stored!.value![0]).toBe(0);
      expect(stored!.value!.readInt32BE(1)).toBe((await registry.getLatestSchemaMetadata(subject)).id);
      expect(await serde.deserialize('sales', stored!.value!)).toEqual(sale);
    } finally {
      await transport.close();
      await admin.deleteTopics([topic]);
      await registry.deleteSubject(subject, false).catch(() => []);
      await registry.deleteSubject(subject, true).catch(() => []);
    }
  });
});
