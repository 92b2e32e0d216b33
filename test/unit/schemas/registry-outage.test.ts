import { RestError, SchemaRegistryClient } from '@confluentinc/schemaregistry';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ContractError } from '../../../schemas/contract-error.ts';
import { contractSubjects } from '../../../schemas/contract-subjects.ts';
import { embeddedRegistry } from '../../../schemas/embedded-registry.ts';
import { registerSchemas } from '../../../schemas/registration.ts';
import { isRegistryOutage, unreachableRegistry } from '../../../schemas/registry-outage.ts';
import { freePort } from '../../../stack/wait.ts';

describe('a registry outage, told apart from a refusal', () => {
  it('is what the real client reports when nothing listens where the registry should be', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const registry = new SchemaRegistryClient({ baseURLs: [url], maxRetries: 0 });
    const error = await registry.getLatestSchemaMetadata('gold.fact_sales-value').catch((e: unknown) => e);
    expect(isRegistryOutage(error)).toBe(true);
    expect(unreachableRegistry(registry)(error)).toEqual({ service: 'the schema registry', at: url });
  });

  it('is still one when registering the contracts reports it as a registry failure', async () => {
    const registry = new SchemaRegistryClient({ baseURLs: [`http://127.0.0.1:${await freePort()}`], maxRetries: 0 });
    const error = await registerSchemas(registry, contractSubjects()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(isRegistryOutage(error)).toBe(true);
    expect(isRegistryOutage(new ContractError('incompatible-schema', 'a field changed its type', 'add a new field instead'))).toBe(false);
  });

  it('is a registry starting or busy (5xx, 408, 429), not a subject it lacks, a schema it refuses or credentials', () => {
    expect([503, 502, 500, 504, 408, 429].map((status) => isRegistryOutage(new RestError('busy', status, status * 100)))).toEqual([true, true, true, true, true, true]);
    expect([404, 409, 422, 401, 403].map((status) => isRegistryOutage(new RestError('refused', status, status * 100)))).toEqual([false, false, false, false, false]);
    expect(isRegistryOutage(new TypeError("Cannot read properties of undefined (reading 'schema')"))).toBe(false);
  });

  it("is not another client's refused connection (PostgreSQL's driver says ECONNREFUSED too)", async () => {
    const port = await freePort();
    const error = await new pg.Client({ host: '127.0.0.1', port }).connect().catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isRegistryOutage(error)).toBe(false);
    expect(unreachableRegistry(await embeddedRegistry())(error)).toBeUndefined();
  });
});
