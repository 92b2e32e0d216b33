/*
 * Stands in for @confluentinc/kafka-javascript's own declarations on a checkout where npm
 * left the optional package out (its native build needs librdkafka's build libraries and
 * CKJS_LINKING=dynamic, which a plain `npm install` may not have), so the rest of the
 * project still type-checks. tsconfig.json's `paths` takes the real package whenever it is
 * installed — and `npm test` installs it first — so the Kafka transport is checked against
 * the real types there. Only the names the project imports are here.
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
