import { resolveConnections } from '../../../config/connections.ts';
import { contractSubjects } from '../../../schemas/contract-subjects.ts';
import { registerSchemas } from '../../../schemas/registration.ts';
import { registryClient } from '../../../schemas/registry-client.ts';
import { KafkaTransport } from '../../../transport/kafka/kafka-transport.ts';
import { blobSourceBehaviour } from '../../unit/blob-source/blob-source-behaviour.ts';

const { kafka, registry, azure } = resolveConnections();

// The stack's Azurite and Kafka: each test has its own container and topics.
blobSourceBehaviour('Kafka, the registry and the stack’s Azurite', {
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
  azurite: async () => azure.connectionString,
});
