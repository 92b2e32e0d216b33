import type { Client } from '@confluentinc/schemaregistry';
import type avro from 'avsc';
import { avroType } from '../schemas/avro/logical-types.ts';
import { TopicBrowseError } from './topic-browse-error.ts';

/**
 * A key typed on the Topics page as the bytes its records carry. Silver and gold
 * keys are Avro records (subject `<topic>-key`): one field takes the value as
 * typed (a number where the field is one), several take a JSON object. Any other
 * topic's keys are plain UTF-8 text, as bronze keys are.
 */
export async function keyBytes(registry: Client, topic: string, contractTopic: string, text: string): Promise<Buffer> {
  if (!/^(silver|gold)\./.test(contractTopic)) return Buffer.from(text, 'utf8');
  const subject = `${contractTopic}-key`;
  const latest = await registry.getLatestSchemaMetadata(subject);
  const schema = JSON.parse(latest.schema) as { fields: { name: string }[] };
  const type = avroType(schema as unknown as avro.Schema);
  const names = schema.fields.map((f) => f.name);
  const candidates: unknown[] = names.length === 1 ? [{ [names[0]!]: text }, { [names[0]!]: Number(text) }] : [parsedJson(text)];
  const record = candidates.find((c) => c !== undefined && type.isValid(c));
  if (record === undefined) {
    const example = names.length === 1 ? `the value of ${names[0]}` : `a JSON object of ${names.join(', ')}, e.g. ${JSON.stringify(Object.fromEntries(names.map((n) => [n, '…'])))}`;
    throw new TopicBrowseError('bad-query', `key ${JSON.stringify(text)} does not fit the key schema of ${topic} (subject ${subject}, version ${latest.version}: fields ${names.join(', ')})`, `give ${example}`);
  }
  const framing = Buffer.alloc(5);
  framing.writeInt32BE(latest.id!, 1);
  return Buffer.concat([framing, type.toBuffer(record)]);
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
