import type { Client } from '@confluentinc/schemaregistry';
import type { ConnectorStatus, DeadLetterSample, DeadLetterSummary, LayerCount, PipelineStatus, PipelineStatusProvider } from '../dashboard/pipeline-status.ts';
import type { ProcessorHost } from '../processors/runtime/processor-host.ts';
import { processorNames } from '../processors/runtime/runtime-options.ts';
import { BRONZE_ENTITIES, bronzeContract, type BronzeEntity } from '../schemas/bronze-contracts.ts';
import { GOLD_TABLE_NAMES, layerContracts } from '../schemas/layer-contracts.ts';
import { deadLetterSerde } from '../schemas/record-serde.ts';
import type { StoredRecord, Transport } from '../transport/transport.ts';

const SAMPLES = 5;

export interface PipelineStatusSources {
  /** Shown on the Pipeline page, e.g. "embedded (in-process log)". */
  readonly mode: string;
  readonly transport: Transport;
  readonly registry: Client;
  readonly processors: ProcessorHost;
  /** Kafka Connect's connectors, in stack mode. */
  readonly connectors?: () => Promise<readonly ConnectorStatus[]>;
}

/** Counts a topic's committed records, keeping the last few for samples. */
async function scan(transport: Transport, topic: string, keep: number): Promise<{ count: number; last: StoredRecord[] }> {
  let count = 0;
  let last: StoredRecord[] = [];
  await transport.readAll(topic, (batch) => {
    count += batch.length;
    if (keep > 0) last = [...last, ...batch.slice(-keep)].slice(-keep);
  });
  return { count, last };
}

async function deadLetters(sources: PipelineStatusSources, entity: BronzeEntity): Promise<DeadLetterSummary> {
  const topic = bronzeContract(entity).dlqTopic;
  const { count, last } = await scan(sources.transport, topic, SAMPLES);
  const serde = deadLetterSerde(sources.registry);
  const samples: DeadLetterSample[] = [];
  for (const record of last.reverse()) {
    if (record.value === null) continue;
    const d = await serde.deserialize(entity, record.value);
    samples.push({
      stage: d.stage,
      reason: d.reason,
      field: d.field,
      value: d.value,
      sourceUri: d.source_uri,
      sourcePosition: d.source_position,
      raw: Buffer.from(d.raw).toString('utf8'),
      failedAt: d.failed_at,
    });
  }
  return { entity, topic, count, samples };
}

/** The Pipeline page's provider: counts and dead letters read from the topics, lag from the processors, connectors from Connect. */
export function pipelineStatusProvider(sources: PipelineStatusSources): PipelineStatusProvider {
  const topics: { layer: LayerCount['layer']; entity: string; topic: string }[] = [
    ...BRONZE_ENTITIES.map((entity) => ({ layer: 'bronze' as const, entity, topic: bronzeContract(entity).topic })),
    ...layerContracts('silver').map(({ name, topic }) => ({ layer: 'silver' as const, entity: name, topic })),
    ...GOLD_TABLE_NAMES.map((table) => ({ layer: 'gold' as const, entity: table, topic: `gold.${table}` })),
  ];
  return {
    async status(): Promise<PipelineStatus> {
      const layers = await Promise.all(topics.map(async (t) => ({ ...t, records: (await scan(sources.transport, t.topic, 0)).count })));
      return {
        mode: sources.mode,
        layers,
        deadLetters: await Promise.all(BRONZE_ENTITIES.map((entity) => deadLetters(sources, entity))),
        lag: sources.processors.snapshot().map((p) => ({ processor: p.processor, group: processorNames('', p.processor).groupId, lag: p.lag })),
        connectors: sources.connectors === undefined ? [] : await sources.connectors(),
      };
    },
  };
}
