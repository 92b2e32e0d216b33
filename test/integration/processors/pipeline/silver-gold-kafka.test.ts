import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConnections } from '../../../../config/connections.ts';
import { pipelineProcessors } from '../../../../processors/pipeline-processors.ts';
import { reconcileSilver } from '../../../../checks/reconciliation.ts';
import { processorTopics } from '../../../../processors/runtime/processor-runtime.ts';
import { BRONZE_ENTITIES, bronzeContract } from '../../../../schemas/bronze-contracts.ts';
import { readDeadLetterSchema } from '../../../../schemas/dlq-contract.ts';
import { embeddedRegistry } from '../../../../schemas/embedded-registry.ts';
import { registerSchemas } from '../../../../schemas/registration.ts';
import { KafkaTransport } from '../../../../transport/kafka/kafka-transport.ts';
import { generateInTemp, type Dataset } from '../../../unit/generator/datasets.ts';
import { datasetBronze } from '../../../unit/processors/gold/dataset-bronze.ts';
import { expectExpectedGold } from '../../../unit/processors/gold/table-csv.ts';
import { replayFromTime } from '../../../unit/processors/replay-from-time.ts';
import { runPipeline } from '../../../unit/processors/run-pipeline.ts';
import { enrichedSales } from '../../../unit/processors/silver/enriched-sales-check.ts';

const { kafka } = resolveConnections();
const cleanups: (() => Promise<void> | void)[] = [];
// Deleting some fifty topics one by one outlasts the default hook timeout.
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
}, 120_000);

describe('silver and gold processors on Kafka', () => {
  it("turn an untidy dataset's bronze into exactly its expected gold, reconciled, with every sale enriched", async () => {
    const dataset: Dataset = await generateInTemp(21, true);
    cleanups.push(dataset.remove);
    // Topics, consumer groups and state of this run only.
    const prefix = `t${randomBytes(4).toString('hex')}.`;
    const registry = await embeddedRegistry();
    // The runtime writes dead letters under their topic's subject.
    await registerSchemas(registry, BRONZE_ENTITIES.map((e) => ({ subject: `${prefix}${bronzeContract(e).dlqTopic}-value`, schema: readDeadLetterSchema() })));
    const transport = await KafkaTransport.open({ kafka });
    const topics = [
      ...BRONZE_ENTITIES.map((e) => `${prefix}${bronzeContract(e).topic}`),
      ...pipelineProcessors({ registry, partitions: 3, topicPrefix: prefix }).flatMap((p) => processorTopics(p, { namespace: prefix }).map((t) => t.name)),
    ];
    cleanups.push(async () => {
      await transport.deleteTopics([...new Set(topics)]);
      await transport.close();
    });
    const running = await runPipeline(transport, registry, await datasetBronze(dataset.dir, dataset.manifest, registry, prefix), { topicPrefix: prefix, namespace: prefix });
    await Promise.all(running.map((r) => r.stop()));
    await expectExpectedGold(transport, registry, dataset.dir, prefix);
    for (const row of await reconcileSilver(transport, registry, { namespace: prefix, topicPrefix: prefix })) {
      const counts = dataset.manifest.entities[row.entity];
      expect(row, row.entity).toMatchObject({ bronze: counts.good, silver: counts.keys + counts.corrections, duplicates: counts.duplicates, ok: true });
    }
    // Every sale enriched on Kafka too, late dimensions included.
    const { actual, expected } = await enrichedSales(transport, registry, prefix);
    expect(actual.size).toBe(expected.size);
    expect([...actual.values()].filter((e) => e.missing.length > 0)).toEqual([]);
    expect(actual).toEqual(expected);
  }, 300_000);

  it('replay from a time (offsetsForTimes): silver rewritten from then on, state rebuilt from all of bronze, the same gold', async () => {
    const dataset: Dataset = await generateInTemp(22, true);
    cleanups.push(dataset.remove);
    const prefix = `t${randomBytes(4).toString('hex')}.`;
    const replayNamespace = `${prefix}replay.`;
    const registry = await embeddedRegistry();
    await registerSchemas(registry, BRONZE_ENTITIES.map((e) => ({ subject: `${prefix}${bronzeContract(e).dlqTopic}-value`, schema: readDeadLetterSchema() })));
    const transport = await KafkaTransport.open({ kafka });
    const topics = [
      ...BRONZE_ENTITIES.map((e) => `${prefix}${bronzeContract(e).topic}`),
      ...pipelineProcessors({ registry, partitions: 3, topicPrefix: prefix }).flatMap((p) => [prefix, replayNamespace].flatMap((namespace) => processorTopics(p, { namespace }).map((t) => t.name))),
    ];
    cleanups.push(async () => {
      await transport.deleteTopics([...new Set(topics)]);
      await transport.close();
    });
    const groups = await datasetBronze(dataset.dir, dataset.manifest, registry, prefix);
    const silver = await replayFromTime(transport, registry, groups, Math.floor(groups.length / 2), { topicPrefix: prefix, namespace: prefix, replayNamespace });
    expect(silver.liveSilverBefore).toBeGreaterThan(0);
    expect(silver.liveSilverFrom).toBeGreaterThan(0);
    expect(silver.replaySilver).toBe(silver.liveSilverFrom);
    await expectExpectedGold(transport, registry, dataset.dir, prefix);
    expect((await reconcileSilver(transport, registry, { namespace: replayNamespace, topicPrefix: prefix })).every((r) => r.ok)).toBe(true);
  }, 300_000);
});
