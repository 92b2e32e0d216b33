import type { Client } from '@confluentinc/schemaregistry';
import { resolveConnections } from '../config/connections.ts';
import { contractSubjects } from '../schemas/contract-subjects.ts';
import { embeddedRegistry } from '../schemas/embedded-registry.ts';
import { registerSchemas } from '../schemas/registration.ts';
import { registryClient } from '../schemas/registry-client.ts';
import { InProcessLog } from '../transport/in-process/in-process-log.ts';
import { openTransport } from '../transport/open-transport.ts';
import type { Transport, TransportKind } from '../transport/transport.ts';

/**
 * Where a command runs: Kafka and the registry the environment names (the local
 * stack by default), with every contract registered, or a fresh in-process log
 * with the embedded registry.
 */
export async function openTransportTarget(kind: TransportKind = 'kafka'): Promise<{ transport: Transport; registry: Client }> {
  if (kind === 'in-process') return { transport: await openTransport({ kind, log: new InProcessLog() }), registry: await embeddedRegistry() };
  const connections = resolveConnections();
  const registry = registryClient(connections.registry);
  // The same as `medallion schemas register`: a no-op when the contracts are there, an error naming the field when one changed incompatibly.
  await registerSchemas(registry, contractSubjects());
  return { transport: await openTransport({ kind, kafka: connections.kafka }), registry };
}
