import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AvroDeserializer, AvroSerializer, SerdeType } from '@confluentinc/schemaregistry';
import type { KafkaJS } from '@confluentinc/kafka-javascript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apicurioAvroConverter } from '../../../connect-config/avro-converter.ts';
import { CONNECT_PLUGINS } from '../../../connect-config/connect-plugins.ts';
import { stackKafka, stackRegistry } from '../../../stack/stack-clients.ts';
import { waitUntil } from '../../../stack/wait.ts';
import { consumeValues, deleteConnector, deleteSubjects, endpoints, runConnector, uniqueName } from './kafka-test-kit.ts';

/*
 * The TypeScript side (@confluentinc/schemaregistry over the registry's ccompat API) and Kafka
 * Connect (the Apicurio converter over its native API) must read each other's Avro records:
 * same framing, same schema ids. Each direction goes through a real connector.
 */

const STRING_KEYS = { 'key.converter': 'org.apache.kafka.connect.storage.StringConverter' };

describe('Avro wire format between TypeScript and Kafka Connect', () => {
  const kafka = stackKafka(endpoints, { clientId: 'test-wire-format' });
  const registry = stackRegistry(endpoints);
  const toConnect = uniqueName('test.wire-to-connect');
  const fromConnect = uniqueName('test.wire-from-connect');
  // One schema under two subjects: one contentId, two globalIds, so from here on the registry's
  // contentIds and globalIds differ, and a side that took one for the other would read the wrong schema.
  const decoys = [uniqueName('test.wire-decoy'), uniqueName('test.wire-decoy')];
  const sinkName = uniqueName('test-file-sink');
  const sourceName = uniqueName('test-file-source');
  let admin: KafkaJS.Admin;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'medallion-wire-'));
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [toConnect, fromConnect].map((topic) => ({ topic, numPartitions: 1 })) });
    const decoy = JSON.stringify({ type: 'record', name: 'Decoy', namespace: 'medallion.test', fields: [{ name: 'flag', type: 'boolean' }] });
    for (const topic of decoys) await registry.register(`${topic}-value`, { schemaType: 'AVRO', schema: decoy });
  });

  afterAll(async () => {
    await Promise.all([deleteConnector(sinkName), deleteConnector(sourceName)]);
    await admin.deleteTopics({ topics: [toConnect, fromConnect] });
    await admin.disconnect();
    await deleteSubjects(registry, [toConnect, fromConnect, ...decoys].map((topic) => `${topic}-value`));
    rmSync(dir, { recursive: true, force: true });
  });

  it('has the Apicurio converter read a record the TypeScript serializer wrote', async () => {
    const schema = {
      type: 'record',
      name: 'Product',
      namespace: 'medallion.test',
      fields: [
        { name: 'product_id', type: 'long' },
        { name: 'product_name', type: 'string' },
        { name: 'price', type: 'double' },
      ],
    };
    await registry.register(`${toConnect}-value`, { schemaType: 'AVRO', schema: JSON.stringify(schema) });
    const serializer = new AvroSerializer(registry, SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true });
    const producer = kafka.producer();
    await producer.connect();
    try {
      const value = await serializer.serialize(toConnect, { product_id: 311, product_name: 'Sourdough Loaf', price: 4.75 });
      await producer.send({ topic: toConnect, messages: [{ key: '311', value }] });
    } finally {
      await producer.disconnect();
    }

    const file = path.join(dir, 'sink.txt');
    await runConnector(sinkName, {
      'connector.class': CONNECT_PLUGINS.fileSink,
      'tasks.max': '1',
      topics: toConnect,
      file,
      ...STRING_KEYS,
      ...apicurioAvroConverter(endpoints.registry, 'value'),
    });
    const written = await waitUntil(async () => existsSync(file) && readFileSync(file, 'utf8').trim() !== '', 60_000);
    expect(written, `the sink wrote nothing to ${file}`).toBe(true);

    // FileStreamSink writes each value's toString(): the Connect Struct the converter decoded.
    expect(readFileSync(file, 'utf8').trim()).toBe('Struct{product_id=311,product_name=Sourdough Loaf,price=4.75}');
  });

  it('has the TypeScript deserializer read a record the Apicurio converter wrote', async () => {
    const file = path.join(dir, 'source.txt');
    writeFileSync(file, 'Clementines 2kg\n');
    await runConnector(sourceName, {
      'connector.class': CONNECT_PLUGINS.fileSource,
      'tasks.max': '1',
      topic: fromConnect,
      file,
      // Each line becomes a record {line: string}, so the converter registers and writes an Avro record.
      transforms: 'hoist',
      'transforms.hoist.type': 'org.apache.kafka.connect.transforms.HoistField$Value',
      'transforms.hoist.field': 'line',
      ...STRING_KEYS,
      ...apicurioAvroConverter(endpoints.registry, 'value'),
    });
    const [value] = await consumeValues(kafka, fromConnect, 1);

    expect(value?.readUInt8(0)).toBe(0);
    const deserializer = new AvroDeserializer(registry, SerdeType.VALUE, {});
    expect(await deserializer.deserialize(fromConnect, value ?? Buffer.alloc(0))).toEqual({ line: 'Clementines 2kg' });
    // The id in the record is the one the registry's Confluent-compatible API lists for the subject.
    const latest = await registry.getLatestSchemaMetadata(`${fromConnect}-value`);
    expect(value?.readInt32BE(1)).toBe(latest.id);
  });
});
