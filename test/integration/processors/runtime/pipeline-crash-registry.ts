import type { Client } from '@confluentinc/schemaregistry';
import { BRONZE_ENTITIES, bronzeContract } from '../../../../schemas/bronze-contracts.ts';
import { readDeadLetterSchema } from '../../../../schemas/dlq-contract.ts';
import { embeddedRegistry } from '../../../../schemas/embedded-registry.ts';
import { registerSchemas } from '../../../../schemas/registration.ts';

/**
 * The pipeline crash test's registry, made the same way in the test and in each
 * child process: the in-memory registry gives out schema ids in registration
 * order, so every process agrees on them without a registry server — plus the
 * dead-letter subjects of the prefixed dlq topics.
 */
export async function crashTestRegistry(prefix: string): Promise<Client> {
  const registry = await embeddedRegistry();
  await registerSchemas(registry, BRONZE_ENTITIES.map((e) => ({ subject: `${prefix}${bronzeContract(e).dlqTopic}-value`, schema: readDeadLetterSchema() })));
  return registry;
}
