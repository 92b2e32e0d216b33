import type { Client } from '@confluentinc/schemaregistry';
import { goldProcessor } from './gold/gold-processor.ts';
import type { Processor } from './runtime/processor.ts';
import { salesEnrichmentProcessor } from './silver/sales-enrichment.ts';
import { silverProcessors } from './silver/silver-processors.ts';

export interface PipelineProcessorOptions {
  /** The registry the silver and gold contracts are registered in (embedded mode: embeddedRegistry()). */
  readonly registry: Client;
  /** Partitions of the silver and gold topics the processors create. */
  readonly partitions: number;
  /** Prefixes every topic the processors read and write (tests and side-by-side runs); records keep their contracts' subjects. */
  readonly topicPrefix?: string;
}

/**
 * Every processor of the pipeline, bronze to gold: one silver processor per
 * bronze entity (bronze.<entity> → silver.<entity>; store sales and carts both
 * into silver.sales), the sales enrichment (the conformed silver topics →
 * silver.sales_enriched) and the gold processor (the conformed silver topics →
 * gold.<table>). Each
 * names its inputs, outputs, stores and dead-letter topic; the runtime
 * (./runtime/) runs them the same on Kafka and on the in-process log.
 */
export function pipelineProcessors(options: PipelineProcessorOptions): Processor[] {
  return [...silverProcessors(options), salesEnrichmentProcessor(options), goldProcessor(options)];
}
