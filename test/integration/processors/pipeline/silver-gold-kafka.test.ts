import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConnections } from '../../../../config/connections.ts';
import { pipelineProcessors } from '../../../../processors/pipeline-processors.ts';
import { reconcileSilver } from '../../../../processors/reconciliation.ts';
import { processorTopics } from '../../../../processors/runtime/processor-runtime.ts';
import { BRONZE_ENTITIES, bronzeContract } from '../../../../schemas/bronze-contracts.ts';
import { readDeadLetterSchema } from '../../../../schemas/dlq-contract.ts';
import { embeddedRegistry } from '../../../../schemas/embedded-registry.ts';
import { GOLD_TABLE_NAMES } from '../../../../schemas/layer-contracts.ts';
import { registerSchemas } from '../../../../schemas/registration.ts';
import { KafkaTransport } from '../../../../transport/kafka/kafka-transport.ts';
import { generateInTemp, type Dataset } from '../../../unit/generator/datasets.ts';
import { datasetBronze } from '../../../unit/processors/gold/dataset-bronze.ts';
import { goldTableCsv } from '../../../unit/processors/gold/table-csv.ts';
import { runPipeline } from '../../../unit/processors/run-pipeline.ts';

const { kafka } = resolveConnections();
const cleanups: (() => Promise<void> | void)[] = [];
// Deleting some fifty topics one by one outlasts the default hook timeout.
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
}, 120_000);

describe('silver and gold processors on Kafka', () => {
  it("turn an untidy dataset's bronze into exactly its expected gold, reconciled", async () => {
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
    for (const table of GOLD_TABLE_NAMES) {
      expect(await goldTableCsv(transport, registry, table, prefix), table).toBe(readFileSync(join(dataset.dir, 'expected/gold', `${table}.csv`), 'utf8'));
    }
    for (const row of await reconcileSilver(transport, registry, { namespace: prefix, topicPrefix: prefix })) {
      const counts = dataset.manifest.entities[row.entity];
      expect(row, row.entity).toMatchObject({ bronze: counts.good, silver: counts.keys + counts.corrections, duplicates: counts.duplicates, ok: true });
    }
  }, 300_000);
});
