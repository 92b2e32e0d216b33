/**
 * What the Kafka transport reports while it works. librdkafka retries broker
 * failures by itself; these events let the caller show them (only the CLI prints).
 */
export type KafkaEvent = {
  readonly kind: 'client-error';
  readonly client: 'admin' | 'producer' | 'reader' | 'consumer';
  /** librdkafka's error code (negative: raised in the client; positive: from a broker). */
  readonly code: number;
  readonly message: string;
};

export type KafkaEventSink = (event: KafkaEvent) => void;
