import type { Connections } from '../config/connections.ts';
import type { InProcessLog } from './in-process/in-process-log.ts';
import { InProcessTransport } from './in-process/in-process-transport.ts';
import type { KafkaEventSink } from './kafka/kafka-event.ts';
import type { Transport } from './transport.ts';

/** What a transport is opened on: the in-process log of embedded mode, or Kafka. */
export type TransportTarget =
  | { readonly kind: 'in-process'; readonly log: InProcessLog }
  | { readonly kind: 'kafka'; readonly kafka: Connections['kafka']; readonly replicationFactor?: number; readonly report?: KafkaEventSink };

/**
 * Opens a transport of the target's kind. The Kafka transport is imported only
 * when asked for, so embedded mode never loads the Kafka client.
 */
export async function openTransport(target: TransportTarget): Promise<Transport> {
  if (target.kind === 'in-process') return new InProcessTransport(target.log);
  const { KafkaTransport } = await import('./kafka/kafka-transport.ts');
  return KafkaTransport.open(target);
}
