import type { Connections } from '../config/connections.ts';
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

// librdkafka's names (config/connections.ts) to the Java client's, as Spark's Kafka source takes them.
const SASL_MODULES: Readonly<Record<string, string>> = {
  PLAIN: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  'SCRAM-SHA-256': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  'SCRAM-SHA-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
};

export function sparkKafkaOptions(kafka: Connections['kafka']): Record<string, string> {
  const options: Record<string, string> = { 'kafka.bootstrap.servers': kafka.bootstrapServers };
  const s = kafka.settings;
  if (s['security.protocol'] !== undefined) options['kafka.security.protocol'] = s['security.protocol'];
  const mechanism = s['sasl.mechanisms'];
  if (mechanism !== undefined) {
    const module = SASL_MODULES[mechanism];
    if (module === undefined) throw new AuditError('service-unreachable', 'kafka', `MEDALLION_KAFKA_SASL_MECHANISM ${mechanism} has no Java login module the audit knows`, `use one of ${Object.keys(SASL_MODULES).join(', ')}`);
    options['kafka.sasl.mechanism'] = mechanism;
    const quote = (v: string): string => JSON.stringify(v);
    options['kafka.sasl.jaas.config'] = `${module} required username=${quote(s['sasl.username'] ?? '')} password=${quote(s['sasl.password'] ?? '')};`;
  }
  return options;
}

/** A postgres:// URL as JDBC's URL (query parameters such as sslmode kept) and its login. */
export function jdbcOf(url: string): { readonly jdbcUrl: string; readonly login: Login } {
  const parsed = new URL(url);
  const jdbcUrl = `jdbc:postgresql://${parsed.host}${parsed.pathname}${parsed.search}`;
  return { jdbcUrl, login: { user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) } };
}
