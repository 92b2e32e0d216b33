import { MockClient, type Client } from '@confluentinc/schemaregistry';
import { contractSubjects } from './contract-subjects.ts';
import { registerSchemas } from './registration.ts';

/**
 * The registry of embedded mode: the registry library's in-memory client with
 * every contract registered, so embedded records carry the same wire format
 * (magic byte, schema id, Avro body) as records on Kafka.
 */
export async function embeddedRegistry(): Promise<Client> {
  const client = new MockClient();
  await registerSchemas(client, contractSubjects());
  return client;
}
