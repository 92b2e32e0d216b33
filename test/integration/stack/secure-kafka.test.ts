import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWithExpectedGold, goldMatches } from '../../../checks/expected-gold.ts';
import { BRONZE_ENTITIES, bronzeContract } from '../../../schemas/bronze-contracts.ts';
import { readDeadLetterSchema } from '../../../schemas/dlq-contract.ts';
import { embeddedRegistry } from '../../../schemas/embedded-registry.ts';
import { registerSchemas } from '../../../schemas/registration.ts';
import { KafkaTransport } from '../../../transport/kafka/kafka-transport.ts';
import { TransportError } from '../../../transport/transport-error.ts';
import { migrateWarehouse } from '../../../warehouse/migrate.ts';
import { startWarehouseSink } from '../../../warehouse/sink/warehouse-sink.ts';
import { generateInTemp, type Dataset } from '../../unit/generator/datasets.ts';
import { datasetBronze } from '../../unit/processors/gold/dataset-bronze.ts';
import { runPipeline } from '../../unit/processors/run-pipeline.ts';
import { privateBroker, type PrivateBroker } from '../transport/private-broker.ts';
import { privateWarehouse, type PrivateWarehouse } from '../warehouse/private-postgres.ts';

// A broker of the test's own, made as `stack up --secure` makes it: the shared stack stays plain.
describe('a secure stack: Kafka over SASL_SSL with SCRAM-SHA-512', () => {
  let broker: PrivateBroker;
  let warehouse: PrivateWarehouse;
  let dataset: Dataset;

  beforeAll(async () => {
    [broker, warehouse, dataset] = await Promise.all([privateBroker({ secure: true }), privateWarehouse(), generateInTemp(31, true, 300)]);
  }, 180_000);
  afterAll(async () => {
    await broker?.close();
    await warehouse?.drop();
    dataset?.remove();
  });

  it('carries the pipeline end to end: bronze → silver → gold with the processors, then the warehouse with the sink, equal to the expected gold', async () => {
    expect(broker.kafka.settings).toMatchObject({ 'security.protocol': 'SASL_SSL', 'sasl.mechanisms': 'SCRAM-SHA-512' });
    const registry = await embeddedRegistry();
    // The runtime writes dead letters under their topic's subject.
    await registerSchemas(registry, BRONZE_ENTITIES.map((e) => ({ subject: `${bronzeContract(e).dlqTopic}-value`, schema: readDeadLetterSchema() })));
    const transport = await KafkaTransport.open({ kafka: broker.kafka });
    try {
      // All of bronze in one transaction: one settle instead of one per document keeps the test short.
      const running = await runPipeline(transport, registry, [(await datasetBronze(dataset.dir, dataset.manifest, registry)).flat()]);
      await Promise.all(running.map((r) => r.stop()));
      await migrateWarehouse(await warehouse.connect('owner'));
      const sink = await startWarehouseSink({ transport, registry, warehouseUrl: warehouse.url('writer'), pollMs: 50 });
      await sink.settled();
      await sink.stop();
      const differences = await compareWithExpectedGold(await warehouse.connect('writer'), path.join(dataset.dir, 'expected/gold'));
      expect(goldMatches(differences), JSON.stringify(differences)).toBe(true);
    } finally {
      await transport.close();
    }
  }, 240_000);

  it('refuses a client without credentials, and one with a wrong password, with the cause and the settings that fix it', async () => {
    const attempt = async (settings: Readonly<Record<string, string>>): Promise<unknown> => {
      const transport = await KafkaTransport.open({ kafka: { bootstrapServers: broker.bootstrapServers, settings } });
      try {
        return await transport.ensureTopics([{ name: 'refused.topic', partitions: 1 }]).then(() => 'let in', (error: unknown) => error);
      } finally {
        await transport.close();
      }
    };
    const [anonymous, wrong] = await Promise.all([attempt({}), attempt({ ...broker.kafka.settings, 'sasl.password': 'not-the-password' })]);
    expect(anonymous).toBeInstanceOf(TransportError);
    expect(anonymous).toMatchObject({ code: 'refused', at: broker.bootstrapServers });
    expect((anonymous as TransportError).message).toContain(`Kafka at ${broker.bootstrapServers} refused this client: it spoke PLAINTEXT`);
    expect((anonymous as TransportError).fix).toContain('MEDALLION_KAFKA_SECURITY_PROTOCOL=SASL_SSL');
    expect(wrong).toBeInstanceOf(TransportError);
    expect(wrong).toMatchObject({ code: 'refused' });
    expect((wrong as TransportError).message).toContain('its login (user "medallion" with SCRAM-SHA-512) was refused');
    expect((wrong as TransportError).message).not.toContain('not-the-password');
    expect((wrong as TransportError).fix).toContain('MEDALLION_KAFKA_SASL_PASSWORD');
  }, 60_000);
});
