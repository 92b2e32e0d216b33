import { describe, expect, it } from 'vitest';
import { summariseDeadLetters } from '../../../pipeline/dead-letter-summary.ts';
import { BRONZE_ENTITIES, bronzeContract } from '../../../schemas/bronze-contracts.ts';
import { embeddedRegistry } from '../../../schemas/embedded-registry.ts';
import { registerSchemas } from '../../../schemas/registration.ts';
import { contractSubjects } from '../../../schemas/contract-subjects.ts';
import { deadLetterSerde } from '../../../schemas/record-serde.ts';
import { InProcessTransport } from '../../../transport/in-process/in-process-transport.ts';

describe('summariseDeadLetters', () => {
  it('counts a dlq topic not on the log yet as none and names it, and groups the letters of those that are', async () => {
    const transport = new InProcessTransport();
    const registry = await embeddedRegistry();
    await registerSchemas(registry, contractSubjects());
    const since = Date.now() - 1000;
    const every = BRONZE_ENTITIES.map((entity) => bronzeContract(entity).dlqTopic as string);
    expect(await summariseDeadLetters(transport, registry, since)).toEqual({ groups: [], absent: every });

    await transport.ensureTopics([{ name: 'dlq.sales', partitions: 1 }]);
    const letter = { entity: 'sales' as const, stage: 'source' as const, reason: 'bad-number: quantity must be a number', field: 'quantity', value: '12x', source_uri: 'sales-0001.csv', source_position: 'line 2', raw: Buffer.from('1,2,3,4,12x'), failed_at: new Date() };
    const producer = await transport.producer('test-dead-letter-summary');
    await producer.transaction(async (tx) => tx.send([{ topic: 'dlq.sales', key: null, value: await deadLetterSerde(registry).serialize('sales', letter) }]));
    const summary = await summariseDeadLetters(transport, registry, since);
    expect(summary.absent).toEqual(every.filter((t) => t !== 'dlq.sales'));
    expect(summary.groups).toMatchObject([{ entity: 'sales', stage: 'source', reason: letter.reason, count: 1, example: { field: 'quantity', value: '12x', source: 'sales-0001.csv line 2' } }]);
    await transport.close();
  });
});
