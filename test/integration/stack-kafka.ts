import { resolveConnections } from '../../config/connections.ts';
import { contractSubjects } from '../../schemas/contract-subjects.ts';
import { registerSchemas } from '../../schemas/registration.ts';
import { registryClient } from '../../schemas/registry-client.ts';
import { KafkaTransport } from '../../transport/kafka/kafka-transport.ts';

const { kafka, registry } = resolveConnections();

/** The stack's Kafka and registry, as the shared source behaviour suites take them: every contract registered, topics dropped after. */
export const stackKafka = {
  open: () => KafkaTransport.open({ kafka }),
  registry: async () => {
    const client = registryClient(registry);
    await registerSchemas(client, contractSubjects());
    return client;
  },
  dropTopics: async (names: readonly string[]) => {
    const transport = await KafkaTransport.open({ kafka });
    try {
      await transport.deleteTopics(names);
    } finally {
      await transport.close();
    }
  },
};
