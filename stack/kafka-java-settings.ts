/** The Java login module of each SASL mechanism librdkafka's `sasl.mechanisms` may name. */
export const JAVA_SASL_MODULES: Readonly<Record<string, string>> = {
  PLAIN: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  'SCRAM-SHA-256': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  'SCRAM-SHA-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
};

/**
 * librdkafka's security settings (as config/connections.ts and config/stack-endpoints.ts hold
 * them) in the Java client's names, for Connect, the registry's Kafka store and Spark:
 * one translation, so every JVM client reaches the brokers the way the TypeScript ones do.
 * The caller checks the mechanism against JAVA_SASL_MODULES first.
 */
export function javaKafkaSettings(settings: Readonly<Record<string, string>>): Record<string, string> {
  const java: Record<string, string> = {};
  const protocol = settings['security.protocol'];
  if (protocol !== undefined) java['security.protocol'] = protocol.toUpperCase();
  const mechanism = settings['sasl.mechanisms'];
  const module = mechanism === undefined ? undefined : JAVA_SASL_MODULES[mechanism];
  if (mechanism !== undefined && module !== undefined) {
    java['sasl.mechanism'] = mechanism;
    const quote = (v: string): string => JSON.stringify(v);
    java['sasl.jaas.config'] = `${module} required username=${quote(settings['sasl.username'] ?? '')} password=${quote(settings['sasl.password'] ?? '')};`;
  }
  const ca = settings['ssl.ca.location'];
  if (ca !== undefined) {
    java['ssl.truststore.type'] = 'PEM';
    java['ssl.truststore.location'] = ca;
  }
  return java;
}
