import type { BronzeEntity } from '../../schemas/bronze-contracts.ts';
import { bronzeKey } from '../../schemas/record-serde.ts';
import type { OutgoingRecord, TransactionalProducer } from '../../transport/transport.ts';
import { deadLetterRecord } from '../contract/dead-letters.ts';
import type { SourceSerde } from '../contract/source-serde.ts';
import type { SourceTopics } from '../contract/source-topics.ts';
import { cartIdOf, cartToRecord, writable } from './cart-to-record.ts';
import { cartsCheckpointRecord, type CartsCheckpoint } from './carts-checkpoint.ts';
import type { CartsPage } from './carts-page.ts';
import { CartsSourceError } from './carts-source-error.ts';
import type { CartsSourceEvent } from './carts-source-events.ts';

export interface CartsIngestContext {
  readonly producer: TransactionalProducer;
  readonly serde: SourceSerde;
  readonly topics: SourceTopics<'carts'>;
  readonly pageSize: number;
  readonly emit: (event: CartsSourceEvent) => void;
  /** The last committed checkpoint: moved only by commits. */
  checkpoint: CartsCheckpoint;
}

const ENTITY = 'carts' satisfies BronzeEntity;

/**
 * Produces one page's carts past the last one produced, each a bronze.carts
 * record (its lines inside it, so every line keeps its cart's lineage: the page
 * URL and `skip=30 #4`) or a dead letter, in one transaction with the
 * checkpoint after the page. A page that is not the one asked for (its `skip`
 * differs), or that holds only carts produced before, is a repeated page: it
 * adds nothing and is asked for again (a CartsSourceError for the poll loop).
 */
export async function ingestPage(ctx: CartsIngestContext, url: string, skip: number, page: CartsPage, raw: Buffer): Promise<void> {
  const at = ctx.checkpoint;
  const ids = page.carts.map(cartIdOf);
  const fresh = page.carts.filter((_, i) => (ids[i] ?? Infinity) > at.lastCartId);
  if (page.skip !== skip || (page.carts.length > 0 && fresh.length === 0)) {
    throw new CartsSourceError(
      'repeated-page',
      `GET ${url} answered the page at skip=${page.skip} again, with carts up to id ${highestId(ids, 0)} that were produced already (${raw.length} bytes)`,
      'it adds nothing and is asked for again; an API that keeps doing so does not page by skip',
    );
  }
  const ingestedAt = new Date();
  const out: OutgoingRecord[] = [];
  let sequence = at.nextSequence;
  let deadLettered = 0;
  for (const [i, cart] of page.carts.entries()) {
    if ((ids[i] ?? Infinity) <= at.lastCartId) continue;
    const position = `skip=${skip} #${i + 1}`;
    const lineage = { source_kind: 'api', source_uri: url, source_position: position, source_sequence: sequence, ingested_at: ingestedAt } as const;
    const outcome = cartToRecord(cart, lineage);
    if (outcome.kind === 'record') {
      out.push({ topic: ctx.topics.bronze(ENTITY), key: bronzeKey(ENTITY, outcome.record), value: await ctx.serde.bronze.serialize(ENTITY, outcome.record) });
      sequence++;
      continue;
    }
    const { rule, field, value, detail } = outcome;
    // A cart JSON cannot write back (nested too deeply) keeps its bytes in the whole page body.
    out.push(await deadLetterRecord(ctx.serde, ctx.topics, ENTITY, { rule, field, value, ...(detail === undefined ? {} : { detail }), uri: url, position, raw: writable(cart) ? Buffer.from(JSON.stringify(cart) ?? 'undefined') : raw }, ingestedAt));
    ctx.emit({ kind: 'cart-dead-lettered', url, position, rule, field, value });
    deadLettered++;
  }
  const lastCartId = highestId(ids, at.lastCartId);
  const next: CartsCheckpoint = { ...at, nextSkip: skip + page.carts.length, lastCartId, total: page.total, nextSequence: sequence };
  // An idle poll (no new carts, the same total) changes nothing, so it commits nothing.
  if (out.length === 0 && sameCheckpoint(at, next)) return;
  await commit(ctx, out, next);
  const produced = sequence - at.nextSequence;
  ctx.emit({ kind: 'batch-committed', entity: ENTITY, url, skip, rowsRead: fresh.length, produced, deadLettered, repeated: page.carts.length - fresh.length });
}

/**
 * A body that is not a page of carts: one dead letter with the URL, the reason
 * and the whole body, and the source moves on past the page: as many carts as
 * it asked for, but never past the API's last known total (carts added later
 * there must not be skipped; a broken page there is asked for again next poll).
 * Returns whether it moved on.
 */
export async function deadLetterPage(ctx: CartsIngestContext, url: string, skip: number, detail: string, raw: Buffer): Promise<boolean> {
  const at = ctx.checkpoint;
  const letter = await deadLetterRecord(ctx.serde, ctx.topics, ENTITY, { rule: 'malformed-page', field: null, value: detail, uri: url, position: `skip=${skip}`, raw }, new Date());
  const nextSkip = skip + (at.total === null ? ctx.pageSize : Math.max(0, Math.min(ctx.pageSize, at.total - skip)));
  await commit(ctx, [letter], { ...at, nextSkip });
  ctx.emit({ kind: 'page-dead-lettered', url, skip, detail, nextSkip });
  return nextSkip > skip;
}

/** The highest whole-number id, at least `floor`: a loop, as spreading a huge page's ids into Math.max overflows the stack. */
function highestId(ids: readonly (number | undefined)[], floor: number): number {
  let highest = floor;
  for (const id of ids) if (id !== undefined && id > highest) highest = id;
  return highest;
}

function sameCheckpoint(a: CartsCheckpoint, b: CartsCheckpoint): boolean {
  return a.nextSkip === b.nextSkip && a.lastCartId === b.lastCartId && a.total === b.total && a.nextSequence === b.nextSequence;
}

async function commit(ctx: CartsIngestContext, out: readonly OutgoingRecord[], checkpoint: CartsCheckpoint): Promise<void> {
  await ctx.producer.transaction((tx) => tx.send([...out, cartsCheckpointRecord(ctx.topics.checkpoints, checkpoint)]));
  ctx.checkpoint = checkpoint;
}
