import type { Connections } from '../config/connections.ts';
import { JAVA_SASL_MODULES, javaKafkaSettings } from '../stack/kafka-java-settings.ts';
import { AuditError } from './audit-error.ts';
import type { TopicEnds } from './settled-ends.ts';

/** What audit/spark/main.py reads (medallion_audit/job_config.py): a JSON file, 0600, since it holds passwords. */
export interface JobConfig {
  readonly runId: string;
  readonly kafkaOptions: Readonly<Record<string, string>>;
  readonly ends: TopicEnds;
  readonly readNote: string;
  readonly registry: { readonly url: string; readonly user?: string; readonly password?: string };
  readonly jdbcUrl: string;
  readonly bi: Login;
  readonly audit: Login;
  readonly from: string | null;
  readonly samples: number;
  readonly reportPath: string;
}

interface Login {
  readonly user: string;
  readonly password: string;
}

/** The Kafka source's options for Spark: the Java client's settings (stack/kafka-java-settings.ts), each prefixed `kafka.`. */
export function sparkKafkaOptions(kafka: Connections['kafka']): Record<string, string> {
  const mechanism = kafka.settings['sasl.mechanisms'];
  if (mechanism !== undefined && JAVA_SASL_MODULES[mechanism] === undefined) {
    throw new AuditError('service-unreachable', 'kafka', `MEDALLION_KAFKA_SASL_MECHANISM ${mechanism} has no Java login module the audit knows`, `use one of ${Object.keys(JAVA_SASL_MODULES).join(', ')}`);
  }
  const java = javaKafkaSettings(kafka.settings);
  return { 'kafka.bootstrap.servers': kafka.bootstrapServers, ...Object.fromEntries(Object.entries(java).map(([key, value]) => [`kafka.${key}`, value])) };
}

/** A postgres:// URL as JDBC's URL (query parameters such as sslmode kept) and its login. */
export function jdbcOf(url: string): { readonly jdbcUrl: string; readonly login: Login } {
  const parsed = new URL(url);
  const jdbcUrl = `jdbc:postgresql://${parsed.host}${parsed.pathname}${parsed.search}`;
  return { jdbcUrl, login: { user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) } };
}
