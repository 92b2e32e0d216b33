import type { Client } from '@confluentinc/schemaregistry';
import { resolveConnections } from '../config/connections.ts';
import { contractSubjects } from '../schemas/contract-subjects.ts';
import { registerSchemas } from '../schemas/registration.ts';
import { registryClient } from '../schemas/registry-client.ts';
import { openTransport } from '../transport/open-transport.ts';
import type { Transport } from '../transport/transport.ts';

/** Kafka and the registry the environment names (the local stack by default), with every contract registered. */
export async function openKafkaTarget(): Promise<{ transport: Transport; registry: Client }> {
  const connections = resolveConnections();
  const registry = registryClient(connections.registry);
  // The same as `medallion schemas register`: a no-op when the contracts are there.
  await registerSchemas(registry, contractSubjects());
  return { transport: await openTransport({ kind: 'kafka', kafka: connections.kafka }), registry };
}
