import { resolveConnections } from '../../../config/connections.ts';
import { contractSubjects } from '../../../schemas/contract-subjects.ts';
import { registerSchemas } from '../../../schemas/registration.ts';
import { registryClient } from '../../../schemas/registry-client.ts';
import { KafkaTransport } from '../../../transport/kafka/kafka-transport.ts';
import { cartsSourceBehaviour } from '../../unit/carts-source/carts-source-behaviour.ts';

const { kafka, registry } = resolveConnections();

// The carts API faults (429, 500, slow, malformed, repeated) against Kafka's transactions and the registry.
cartsSourceBehaviour('Kafka and the registry', {
  open: () => KafkaTransport.open({ kafka }),
  registry: async () => {
    const client = registryClient(registry);
    await registerSchemas(client, contractSubjects());
    return client;
  },
  dropTopics: async (names) => {
    const transport = await KafkaTransport.open({ kafka });
    try {
      await transport.deleteTopics(names);
    } finally {
      await transport.close();
    }
  },
});
