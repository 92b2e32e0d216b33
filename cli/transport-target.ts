import type { Client } from '@confluentinc/schemaregistry';
import { resolveConnections } from '../config/connections.ts';
import { describeOutage, waitOut, type WaitOutOptions } from '../core/outage.ts';
import { contractSubjects } from '../schemas/contract-subjects.ts';
import { embeddedRegistry } from '../schemas/embedded-registry.ts';
import { registerSchemas } from '../schemas/registration.ts';
import { registryClient } from '../schemas/registry-client.ts';
import { unreachableRegistry } from '../schemas/registry-outage.ts';
import { InProcessLog } from '../transport/in-process/in-process-log.ts';
import { openTransport } from '../transport/open-transport.ts';
import { unreachableKafka } from '../transport/transport-error.ts';
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
  await registerContracts(registry);
  return { transport: await openTransport({ kind, kafka: connections.kafka }), registry };
}

/**
 * The same as `medallion schemas register`: a no-op when the contracts are there,
 * an error naming the field when one changed incompatibly. A registry that does
 * not answer (not started yet, restarting) is waited for, saying so.
 */
export async function registerContracts(registry: Client): Promise<void> {
  await waitOut(() => registerSchemas(registry, contractSubjects()), {
    backoff: REGISTRY_BACKOFF,
    unreachable: unreachableRegistry(registry),
    ...PRINTED_WAIT,
  });
}

/**
 * Starts a source on Kafka, waiting for Kafka while it does not answer (a broker
 * starting or restarting) and saying so; a start cut short starts again from
 * scratch (its producer fences the one the failed start opened).
 */
export async function startWhenKafkaAnswers<T>(start: () => Promise<T>): Promise<T> {
  return (await waitOut(start, {
    backoff: KAFKA_BACKOFF,
    unreachable: unreachableKafka,
    ...PRINTED_WAIT,
  }))!;
}

// A command's wait for a service at start, told on stderr.
const PRINTED_WAIT: Pick<WaitOutOptions, 'onWaiting' | 'onResumed'> = {
  onWaiting: (outage) => console.error(`⚠ ${describeOutage(outage)} (next try in ${(outage.retryInMs / 1000).toFixed(1)}s)`),
  onResumed: (outage) => console.error(`✔ ${outage.service} answered after ${((Date.now() - outage.since.getTime()) / 1000).toFixed(1)}s`),
};
const REGISTRY_BACKOFF = { baseMs: 1000, maxMs: 15_000 } as const;
const KAFKA_BACKOFF = { baseMs: 1000, maxMs: 10_000 } as const;
