import { RestError, type Client } from '@confluentinc/schemaregistry';
import type { RecordSchema } from './bronze-contracts.ts';
import { explainBackwardIncompatibility } from './compatibility.ts';
import { ContractError } from './contract-error.ts';

export interface SubjectSchema {
  readonly subject: string;
  readonly schema: RecordSchema;
}

export type RegistrationEvent =
  | { readonly kind: 'unchanged'; readonly subject: string; readonly id: number; readonly version: number }
  | { readonly kind: 'registered'; readonly subject: string; readonly id: number; readonly version: number };

/**
 * Registers each schema under its subject. The registry enforces the subject's
 * compatibility rule (BACKWARD on the local stack); a refused schema stops here
 * with every field that broke the rule named, and nothing after it is registered.
 */
export async function registerSchemas(client: Client, schemas: readonly SubjectSchema[], report: (event: RegistrationEvent) => void = () => {}): Promise<void> {
  for (const { subject, schema } of schemas) {
    const info = { schemaType: 'AVRO', schema: JSON.stringify(schema) };
    const latest = await latestSchema(client, subject);
    if (latest !== undefined) {
      const existing = await client.getVersion(subject, info, false, false).catch(notFoundAs(undefined));
      if (existing !== undefined) {
        const { id } = await client.getIdFullResponse(subject, info, false);
        report({ kind: 'unchanged', subject, id: id ?? -1, version: existing });
        continue;
      }
      if (!(await client.testSubjectCompatibility(subject, info))) throw incompatible(subject, JSON.parse(latest.schema) as RecordSchema, schema);
    }
    try {
      const registered = await client.registerFullResponse(subject, info, false);
      report({ kind: 'registered', subject, id: registered.id ?? -1, version: registered.version ?? (latest?.version ?? 0) + 1 });
    } catch (error) {
      if (error instanceof RestError && error.status === 409 && latest !== undefined) throw incompatible(subject, JSON.parse(latest.schema) as RecordSchema, schema);
      throw new ContractError('registry-failed', `registering ${subject} failed: ${(error as Error).message}`, 'check that the registry is up (medallion stack status) and MEDALLION_REGISTRY_URL points at its Confluent-compatible API', { cause: error });
    }
  }
}

async function latestSchema(client: Client, subject: string) {
  try {
    return await client.getLatestSchemaMetadata(subject);
  } catch (error) {
    if (error instanceof RestError && error.status === 404) return undefined;
    throw new ContractError('registry-failed', `reading ${subject} from the registry failed: ${(error as Error).message}`, 'check that the registry is up (medallion stack status) and MEDALLION_REGISTRY_URL points at its Confluent-compatible API', { cause: error });
  }
}

function notFoundAs<T>(value: T): (error: unknown) => T {
  return (error) => {
    if (error instanceof RestError && error.status === 404) return value;
    throw error;
  };
}

function incompatible(subject: string, registered: RecordSchema, proposed: RecordSchema): ContractError {
  const problems = explainBackwardIncompatibility(registered, proposed);
  const detail = problems.length > 0 ? problems.map((p) => `\n  - ${p}`).join('') : '\n  - the registry refused it under the subject\'s compatibility rule';
  return new ContractError(
    'incompatible-schema',
    `the registry refused the new schema for ${subject}: it cannot read what the registered version wrote:${detail}`,
    'make the change backward compatible (new fields need defaults; types may only widen), or publish it under a new topic',
  );
}
