import { AvroDeserializer, AvroSerializer, SerdeType } from '@confluentinc/schemaregistry';
import type { KafkaJS } from '@confluentinc/kafka-javascript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackKafka, stackRegistry } from '../../../stack/stack-clients.ts';
import { consumeValues, deleteSubjects, endpoints, uniqueName } from './kafka-test-kit.ts';

const topic = uniqueName('test.kafka-avro');
const subject = `${topic}-value`;
const schema = {
  type: 'record',
  name: 'SaleLine',
  namespace: 'medallion.test',
  fields: [
    { name: 'sale_id', type: 'long' },
    { name: 'product', type: 'string' },
    { name: 'quantity', type: 'int' },
    { name: 'unit_price', type: 'double' },
    { name: 'employee_id', type: ['null', 'long'], default: null },
  ],
};

describe('Kafka with the schema registry', () => {
  const kafka = stackKafka(endpoints, { clientId: 'test-kafka-avro' });
  const registry = stackRegistry(endpoints);
  let admin: KafkaJS.Admin;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
    await deleteSubjects(registry, [subject]);
  });

  it('writes an Avro record with the registry serializer and reads the same value back', async () => {
    const id = await registry.register(subject, { schemaType: 'AVRO', schema: JSON.stringify(schema) });
    const serializer = new AvroSerializer(registry, SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true });
    const deserializer = new AvroDeserializer(registry, SerdeType.VALUE, {});
    const sale = { sale_id: 42, product: 'Apple Juice 1L', quantity: 3, unit_price: 1.25, employee_id: 7 };

    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ key: '42', value: await serializer.serialize(topic, sale) }] });
    } finally {
      await producer.disconnect();
    }
    const [value] = await consumeValues(kafka, topic, 1);

    // Confluent wire format: magic byte 0, then the 4-byte schema id the registry gave.
    expect(value?.readUInt8(0)).toBe(0);
    expect(value?.readInt32BE(1)).toBe(id);
    expect(await deserializer.deserialize(topic, value ?? Buffer.alloc(0))).toEqual(sale);
  });
});
