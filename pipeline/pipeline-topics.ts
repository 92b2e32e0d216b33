import { sourceTopics } from '../connectors/contract/source-topics.ts';
import type { Processor } from '../processors/runtime/processor.ts';
import { processorTopics } from '../processors/runtime/processor-runtime.ts';
import { bronzeContracts } from '../schemas/bronze-contracts.ts';
import { WAREHOUSE_DLQ_TOPIC } from '../schemas/dlq-contract.ts';

// The names the TypeScript sources give their checkpoint topics (sourceTopics(<name>)).
const SOURCE_NAMES = ['file-source', 'blob-source', 'carts-source'] as const;

/**
 * Every topic a pipeline run writes, by exact name (never a pattern, so the
 * topics of tests and side-by-side runs, which carry prefixes, are never
 * touched): bronze and its dead letters, the sources' checkpoints, each
 * processor's inputs, outputs, changelogs and dead letters (silver, gold, and
 * in stack mode Debezium's change topics), and the warehouse sink's dead letters.
 * `extra` adds topics kept by others, such as Debezium's schema history.
 */
export function pipelineTopicNames(processors: readonly Processor[], extra: readonly string[] = []): string[] {
  const names = [
    ...bronzeContracts().flatMap((c) => [c.topic, c.dlqTopic]),
    ...SOURCE_NAMES.map((source) => sourceTopics(source).checkpoints),
    ...processors.flatMap((p) => processorTopics(p, { inputPartitions: 1 }).map((t) => t.name)),
    WAREHOUSE_DLQ_TOPIC,
    ...extra,
  ];
  return [...new Set(names)].sort();
}
