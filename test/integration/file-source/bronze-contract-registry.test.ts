import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConnections } from '../../../config/connections.ts';
import { bronzeContract, type FieldSchema, type RecordSchema } from '../../../schemas/bronze-contracts.ts';
import { ContractError } from '../../../schemas/contract-error.ts';
import { registerSchemas, type RegistrationEvent } from '../../../schemas/registration.ts';
import { registryClient } from '../../../schemas/registry-client.ts';

describe('the registry guarding a bronze contract', () => {
  const client = registryClient(resolveConnections().registry);
  const subjects: string[] = [];
  const sales = bronzeContract('sales').schema;
  const withFields = (fields: readonly FieldSchema[]): RecordSchema => ({ ...sales, fields });

  /** A copy of the sales contract registered under a subject of its own. */
  const registeredCopy = async (): Promise<string> => {
    const subject = `test.contract.${randomBytes(4).toString('hex')}-value`;
    subjects.push(subject);
    await registerSchemas(client, [{ subject, schema: sales }]);
    return subject;
  };

  const refusal = async (subject: string, schema: RecordSchema): Promise<ContractError> => {
    const error = await registerSchemas(client, [{ subject, schema }]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).code).toBe('incompatible-schema');
    return error as ContractError;
  };

  afterAll(async () => {
    for (const subject of subjects) {
      await client.deleteSubject(subject, false);
      await client.deleteSubject(subject, true);
    }
  });

  it('refuses a field whose type cannot read what was written, naming the field', async () => {
    const subject = await registeredCopy();
    const error = await refusal(subject, withFields(sales.fields.map((f) => (f.name === 'quantity' ? { ...f, type: 'string' } : f))));
    expect(error.message).toContain(subject);
    expect(error.message).toContain('quantity');
  });

  it('refuses a new field without a default, naming the field', async () => {
    const subject = await registeredCopy();
    const error = await refusal(subject, withFields([...sales.fields, { name: 'store_id', type: 'int', doc: 'The store.' }]));
    expect(error.message).toContain('store_id');
  });

  it('accepts a compatible change: a new nullable field with a default', async () => {
    const subject = await registeredCopy();
    const events: RegistrationEvent[] = [];
    await registerSchemas(client, [{ subject, schema: withFields([...sales.fields, { name: 'store_id', type: ['null', 'int'], default: null }]) }], (e) => events.push(e));
    expect(events).toMatchObject([{ kind: 'registered', subject, version: 2 }]);
  });
});
