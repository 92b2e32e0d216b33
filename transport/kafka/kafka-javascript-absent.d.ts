/*
 * Stands in for @confluentinc/kafka-javascript's own declarations on a checkout where npm
 * left the optional package out (its native build needs librdkafka's build libraries and
 * CKJS_LINKING=dynamic, which a plain `npm install` may not have), so the rest of the
 * project still type-checks: `npm run typecheck` (test/typecheck.sh) uses it through
 * tsconfig.kafka-client-absent.json only when the package is missing. `npm test` installs
 * the package first, so there the Kafka transport is checked against the real types. Only
 * the names the project imports are here.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Absent = any;

export type ConsumerGlobalConfig = Absent;
export type ConsumerTopicConfig = Absent;
export type DeliveryReport = Absent;
export type EofEvent = Absent;
export type GlobalConfig = Absent;
export type GroupResults = Absent;
export type IAdminClient = Absent;
export type KafkaConsumer = Absent;
export type LibrdKafkaError = Absent;
export type ListOffsetsResult = Absent;
export type Message = Absent;
export type MessageHeader = Absent;
export type Producer = Absent;
export type ProducerGlobalConfig = Absent;
export type ProducerTopicConfig = Absent;
export type TopicDescription = Absent;
export type TopicPartitionOffset = Absent;
export type TopicPartitionOffsetAndMetadata = Absent;
export type WatermarkOffsets = Absent;

export declare namespace KafkaJS {
  type Admin = Absent;
  type EachMessagePayload = Absent;
  type Kafka = Absent;
  type Logger = Absent;
  const Kafka: Absent;
  const logLevel: Absent;
}

declare const client: Absent;
export default client;
