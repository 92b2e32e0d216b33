import type { StackEndpoints } from '../config/stack-endpoints.ts';
import { CONNECT_PLUGINS } from './connect-plugins.ts';

/** Which side of a record a converter handles. */
export const CONVERTER_ROLES = ['key', 'value'] as const;
export type ConverterRole = (typeof CONVERTER_ROLES)[number];

/**
 * The connector settings that make Kafka Connect write and read Avro through the stack's
 * registry exactly as the TypeScript side does with @confluentinc/schemaregistry: the
 * Confluent wire format (magic byte 0, then a 4-byte schema id, then the Avro binary) with
 * the id being the registry's contentId, the id its Confluent-compatible API hands out
 * (stack/services/registry.ts keeps ccompat's legacy globalId mode off).
 *
 * Every connector config that reads or writes Avro spreads this in, for key and/or value.
 */
export function apicurioAvroConverter(registry: StackEndpoints['registry'], role: ConverterRole): Record<string, string> {
  const prefix = `${role}.converter`;
  return {
    [prefix]: CONNECT_PLUGINS.apicurioAvroConverter,
    [`${prefix}.apicurio.registry.url`]: registry.apicurioUrl,
    // Sources register the schema of what they write, under the subject <topic>-<role> (TopicIdStrategy),
    // where the registry's global BACKWARD rule decides whether a changed schema may follow.
    [`${prefix}.apicurio.registry.auto-register`]: 'true',
    // The id as a 4-byte prefix of the payload, and it is the contentId (Apicurio's default would be
    // an 8-byte globalId in the Kafka headers, which Confluent clients do not read).
    [`${prefix}.apicurio.registry.headers.enabled`]: 'false',
    [`${prefix}.apicurio.registry.id-handler`]: 'io.apicurio.registry.serde.Legacy4ByteIdHandler',
    [`${prefix}.apicurio.registry.use-id`]: 'contentId',
  };
}
