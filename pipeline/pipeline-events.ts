import type { BlobSourceEvent } from '../connectors/blob-source/blob-source-events.ts';
import type { CartsSourceEvent } from '../connectors/carts-source/carts-source-events.ts';
import type { FileSourceEvent } from '../connectors/file-source/file-source-events.ts';
import type { MysqlSnapshotEvent } from '../connectors/mysql-snapshot/mysql-snapshot-events.ts';
import type { ConnectorEvent } from '../connect-config/connector-events.ts';
import type { ProcessorEvent } from '../processors/runtime/processor-events.ts';
import type { StackEvent } from '../stack/service.ts';
import type { SinkEvent } from '../warehouse/sink/sink-events.ts';

/** What each part of the pipeline reports, tagged with the part, for the CLI to print. */
export type PipelineEvent =
  | { readonly part: 'pipeline'; readonly event: { readonly kind: 'step'; readonly message: string } }
  | { readonly part: 'stack'; readonly event: StackEvent }
  | { readonly part: 'connectors'; readonly event: ConnectorEvent }
  | { readonly part: 'file-source'; readonly event: FileSourceEvent }
  | { readonly part: 'blob-source'; readonly event: BlobSourceEvent }
  | { readonly part: 'carts-source'; readonly event: CartsSourceEvent }
  | { readonly part: 'mysql-snapshot'; readonly event: MysqlSnapshotEvent }
  | { readonly part: 'processors'; readonly event: ProcessorEvent }
  | { readonly part: 'sink'; readonly event: SinkEvent };

export type PipelineEventSink = (event: PipelineEvent) => void;

/** A step of starting the pipeline, as a line the CLI prints. */
export function stepEvent(message: string): PipelineEvent {
  return { part: 'pipeline', event: { kind: 'step', message } };
}
