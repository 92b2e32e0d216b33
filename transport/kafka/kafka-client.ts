import type { LibrdKafkaError } from '@confluentinc/kafka-javascript';
import { TransportError } from '../transport-error.ts';

/** The native API of @confluentinc/kafka-javascript (librdkafka's producer, consumer and admin client). */
export type KafkaClientModule = Awaited<ReturnType<typeof importClient>>;

const importClient = async () => (await import('@confluentinc/kafka-javascript')).default;

let loading: Promise<KafkaClientModule> | undefined;

/**
 * Loads the Kafka client on first use. It is an optional dependency with a native
 * part, imported only here so that embedded mode runs on machines without it.
 */
export function loadKafkaClient(): Promise<KafkaClientModule> {
  loading ??= importClient().catch((error: unknown) => {
    loading = undefined;
    throw new TransportError(
      'kafka-client-missing',
      `the Kafka transport needs the package @confluentinc/kafka-javascript, which is not installed or whose native library is not built (${(error as Error).message})`,
      'install its build dependencies (apt-get install zlib1g-dev libssl-dev libsasl2-dev libzstd-dev liblz4-dev), then run `CKJS_LINKING=dynamic npm rebuild @confluentinc/kafka-javascript` — or run in embedded mode, which needs no Kafka',
      { cause: error },
    );
  });
  return loading;
}

/** Wraps a librdkafka callback-style call in a promise. */
export function call<T = void>(start: (done: (error: LibrdKafkaError | null | undefined, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    start((error, value) => (error ? reject(error) : resolve(value as T)));
  });
}
