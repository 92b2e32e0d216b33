import type { Client } from '@confluentinc/schemaregistry';
import { pipelineProcessors } from '../../../processors/pipeline-processors.ts';
import { settledTogether } from '../../../processors/runtime/processor-host.ts';
import { runProcessor, type RunningProcessor } from '../../../processors/runtime/processor-runtime.ts';
import type { OutgoingRecord, Transport } from '../../../transport/transport.ts';

/**
 * Test helper: runs every pipeline processor and puts the bronze records on the
 * transport one group (a source document) at a time, letting the processors
 * settle after each, as documents arriving over time would; returns them running.
 */
const POLL_MS = 20;

export interface PipelineRun {
  readonly partitions?: number;
  /** Topic prefix and runtime namespace, for runs beside others on one Kafka. */
  readonly topicPrefix?: string;
  readonly namespace?: string;
}

export async function runPipeline(transport: Transport, registry: Client, groups: readonly (readonly OutgoingRecord[])[], run: PipelineRun = {}): Promise<RunningProcessor[]> {
  const { partitions = 3, topicPrefix = '', namespace = '' } = run;
  const topics = new Set(groups.flat().map((r) => r.topic));
  await transport.ensureTopics([...topics].map((name) => ({ name, partitions })));
  const processors = pipelineProcessors({ registry, partitions, topicPrefix });
  const running = await Promise.all(processors.map((p) => runProcessor(p, { transport, registry, namespace, pollMs: POLL_MS })));
  const producer = await transport.producer(`${namespace}test-bronze`);
  for (const group of groups) {
    await producer.transaction((tx) => tx.send(group));
    await settled(running);
  }
  await producer.close();
  // Without new records (a replay of what the topics hold), the processors still have all of it to take.
  await settled(running);
  return running;
}

/** Resolves once no processor has anything left to do (the runtime's own check, two polls apart). */
export function settled(running: readonly RunningProcessor[]): Promise<void> {
  return settledTogether(running, 2 * POLL_MS + 10);
}
