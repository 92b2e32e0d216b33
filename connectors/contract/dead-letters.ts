import type { BronzeEntity } from '../../schemas/bronze-contracts.ts';
import type { OutgoingRecord } from '../../transport/transport.ts';
import { deadLetter } from '../../schemas/dead-letter.ts';
import { deadLetterReason, type DeadLetterRule } from '../../schemas/dead-letter-rules.ts';
import type { SourceSerde } from './source-serde.ts';
import type { SourceTopics } from './source-topics.ts';

/** What a source refused and why: the rule, the field and value that broke it (when one did), and what exactly (a bound, the headers found). */
export interface Refusal {
  readonly rule: DeadLetterRule;
  readonly field: string | null;
  readonly value: string | null;
  readonly detail?: string;
}

/** Where the refused input was and what it was: a row of a file or blob, a table row, a cart, a whole page. */
export interface RefusedInput extends Refusal {
  readonly uri: string;
  readonly position: string;
  readonly raw: Buffer;
}

/** A dead letter of a source (stage `source`) on dlq.<entity>, with the reason the rule gives. */
export async function deadLetterRecord(serde: SourceSerde, topics: SourceTopics, entity: BronzeEntity, input: RefusedInput, failedAt: Date): Promise<OutgoingRecord> {
  const letter = deadLetter(
    { entity, stage: 'source' },
    { reason: deadLetterReason(input.rule, input.field, input.detail), field: input.field, value: input.value, source_uri: input.uri, source_position: input.position, raw: input.raw },
    failedAt,
  );
  const value = await serde.deadLetters.serialize(entity, letter);
  return { topic: topics.deadLetters(entity), key: null, value };
}
