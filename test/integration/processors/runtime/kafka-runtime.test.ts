import { afterAll, beforeAll } from 'vitest';
import { resolveConnections } from '../../../../config/connections.ts';
import { KafkaTransport } from '../../../../transport/kafka/kafka-transport.ts';
import { openTransport } from '../../../../transport/open-transport.ts';
import { runtimeBehaviour } from '../../../unit/processors/runtime/runtime-behaviour.ts';

const connections = resolveConnections();
let admin: KafkaTransport;

beforeAll(async () => {
  admin = await KafkaTransport.open({ kafka: connections.kafka });
});

afterAll(async () => {
  await admin.close();
});

runtimeBehaviour('Kafka', {
  open: () => openTransport({ kind: 'kafka', kafka: connections.kafka }),
  dropTopics: (names) => admin.deleteTopics(names),
});
