import { RestError } from '@confluentinc/schemaregistry';
import { afterAll, describe, expect, it } from 'vitest';
import { REGISTRY_COMPATIBILITY } from '../../../stack/services/registry.ts';
import { stackRegistry } from '../../../stack/stack-clients.ts';
import { stackContext, stackDown, stackUp } from '../../../stack/stack.ts';
import { waitUntil } from '../../../stack/wait.ts';
import { deleteSubjects, endpoints, uniqueName } from './kafka-test-kit.ts';

const subject = `${uniqueName('test.compat')}-value`;

function customer(extraFields: readonly object[]): string {
  const fields = [
    { name: 'customer_id', type: 'long' },
    { name: 'full_name', type: 'string' },
  ];
  return JSON.stringify({ type: 'record', name: 'Customer', namespace: 'medallion.test', fields: [...fields, ...extraFields] });
}

describe('the schema registry', () => {
  const registry = stackRegistry(endpoints);

  afterAll(async () => {
    await deleteSubjects(registry, [subject]);
  });

  it(`holds every subject to ${REGISTRY_COMPATIBILITY} compatibility`, async () => {
    expect(await registry.getDefaultCompatibility()).toBe(REGISTRY_COMPATIBILITY);
  });

  it('accepts a compatible change and refuses an incompatible one with 409', async () => {
    await registry.register(subject, { schemaType: 'AVRO', schema: customer([]) });
    // A new field with a default: readers of v2 can still read v1 data.
    await registry.register(subject, { schemaType: 'AVRO', schema: customer([{ name: 'city_id', type: ['null', 'long'], default: null }]) });

    // A new required field: v3 readers cannot read v2 data, which lacks it.
    const incompatible = registry.register(subject, { schemaType: 'AVRO', schema: customer([{ name: 'city_id', type: ['null', 'long'], default: null }, { name: 'email', type: 'string' }]) });
    await expect(incompatible).rejects.toBeInstanceOf(RestError);
    await expect(incompatible).rejects.toMatchObject({ status: 409 });
    expect(await registry.getAllVersions(subject)).toEqual([1, 2]);
  });

  it('keeps its schemas, with their ids, across a restart', async () => {
    const before = await registry.getLatestSchemaMetadata(subject);
    const ctx = stackContext();
    await stackDown(ctx, ['registry']);
    await stackUp(ctx, ['registry']);

    // A new client: nothing may come from the old one's cache. The restarted registry
    // may answer before it has applied its whole journal, so ask until it has (or 60 s pass).
    const fresh = stackRegistry(endpoints);
    let after: Awaited<ReturnType<typeof fresh.getLatestSchemaMetadata>> | undefined;
    await waitUntil(async () => (after = await fresh.getLatestSchemaMetadata(subject)) !== undefined, 60_000, 500);
    expect(after).toMatchObject({ id: before.id, version: before.version, schema: before.schema });
  }, 180_000);
});
