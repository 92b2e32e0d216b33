import { resolveConnections } from '../../../config/connections.ts';
import { stackKafka } from '../stack-kafka.ts';
import { blobSourceBehaviour } from '../../unit/blob-source/blob-source-behaviour.ts';

const { azure } = resolveConnections();

// The stack's Azurite and Kafka: each test has its own container and topics.
blobSourceBehaviour('Kafka, the registry and the stack’s Azurite', {
  ...stackKafka,
  azurite: async () => azure.connectionString,
});
