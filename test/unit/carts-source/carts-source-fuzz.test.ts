import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CartsSource } from '../../../connectors/carts-source/carts-source.ts';
import { CartsSourceError } from '../../../connectors/carts-source/carts-source-error.ts';
import type { CartsSourceEvent } from '../../../connectors/carts-source/carts-source-events.ts';
import { sourceSerde } from '../../../connectors/contract/source-serde.ts';
import { embeddedRegistry } from '../../../schemas/embedded-registry.ts';
import { InProcessLog } from '../../../transport/in-process/in-process-log.ts';
import { InProcessTransport } from '../../../transport/in-process/in-process-transport.ts';
import { waitFor } from '../file-source/delivery-invariants.ts';
import { cartsApi, expectKnownReasons, FUZZ_SEED, goodCart, pageBody, type PageCase } from '../fuzz-arbitraries.ts';
import { readCartsLanded } from './carts-source-behaviour.ts';

// Cases: RUNS runs of an API of PAGES pages of PAGE_SIZE carts, each page and each cart accounted for on its own:
// 3 × 12 = 36 pages and their 837 carts with the fixed seed (a huge page holds 60), plus 24 transient failures (5xx, 429, hangs) before pages.
const RUNS = 3;
const PAGES = 12;
const PAGE_SIZE = 20;
const MALFORMED_PAGES = new Set<PageCase['damage']>(['bad-json', 'not-an-object', 'carts-not-a-list', 'wrong-total']);

const log = new InProcessLog();

/** A real HTTP server serving `pages` at their skips, each after its transient failures; past the end, an empty page. */
async function hostileApi(pages: readonly PageCase[]): Promise<{ url: string; starts: number[]; total: number; bodies: Map<number, Buffer>; close: () => Promise<void> }> {
  const starts: number[] = [];
  let total = 0;
  for (const page of pages) {
    starts.push(total);
    total += page.carts.length;
  }
  const bodies = new Map(pages.map((page, k) => [starts[k]!, pageBody(page, starts[k]!, total)]));
  const asked = new Map<number, number>();
  const server: Server = createServer((request, response) => {
    const skip = Number(new URL(request.url!, 'http://api').searchParams.get('skip'));
    const k = starts.indexOf(skip);
    const times = asked.get(skip) ?? 0;
    asked.set(skip, times + 1);
    const transient = k < 0 ? undefined : pages[k]!.transients[times];
    if (transient?.kind === 'hang') return;
    if (transient?.kind === 'status') return void response.writeHead(transient.status).end('upstream trouble');
    if (transient?.kind === 'too-many') return void response.writeHead(429, { 'retry-after': transient.retryAfter }).end();
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(bodies.get(skip) ?? JSON.stringify({ carts: [], total, skip, limit: 0 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/carts`, starts, total, bodies, close };
}

/** Runs the carts source against the hostile API until it has read every page, then accounts for every page and cart. */
async function readsEverythingOnce(pages: readonly PageCase[]): Promise<void> {
  const api = await hostileApi(pages);
  const transport = new InProcessTransport(log);
  const client = await embeddedRegistry();
  const prefix = `test.carts-fuzz.${randomBytes(4).toString('hex')}.`;
  const events: CartsSourceEvent[] = [];
  const source = await CartsSource.start({
    url: api.url,
    transport,
    serde: sourceSerde(client),
    topicPrefix: prefix,
    sourceName: prefix,
    pageSize: PAGE_SIZE,
    pollMs: 50,
    requestTimeoutMs: 300,
    backoff: { baseMs: 10, maxMs: 50 },
    onEvent: (event) => events.push(event),
  });
  try {
    await waitFor('every page read', () => {
      // A failure other than the API's own (refused, too slow) is the source's: it would retry that page forever.
      const own = events.find((e) => e.kind === 'poll-failed' && !(e.error instanceof CartsSourceError && ['api-refused', 'api-timeout'].includes(e.error.code)));
      if (own !== undefined) throw (own as { error: Error }).error;
      return events.some((e) => e.kind === 'caught-up' && e.nextSkip >= api.total);
    }, 30_000);
  } finally {
    await source.stop();
    await api.close();
  }
  await expect(source.done).resolves.toBeUndefined();

  const { carts, deadLetters } = await readCartsLanded(transport, client, prefix);
  expectKnownReasons(deadLetters);
  const lettersAt = grouped(deadLetters, (d) => d.source_position);
  const bronzeOf = grouped(carts, (c) => c.cart_id);
  for (const [k, page] of pages.entries()) {
    const skip = api.starts[k]!;
    if (MALFORMED_PAGES.has(page.damage)) {
      // The whole page is one dead letter with the body as served: its carts are there, not lost.
      // (Buffer.equals: comparing megabytes of body element by element is slow.)
      expect(lettersAt(`skip=${skip}`).map((d) => d.raw.equals(api.bodies.get(skip)!)), `page ${k} (${page.damage})`).toEqual([true]);
      for (const cart of page.carts) expect(bronzeOf(cart.id), `cart ${cart.id} of malformed page ${k}`).toEqual([]);
      continue;
    }
    for (const [j, cart] of page.carts.entries()) {
      const at = `skip=${skip} #${j + 1}`;
      const inBronze = bronzeOf(cart.id);
      const letters = lettersAt(at);
      // Each cart exactly once: in bronze at its position, or in dlq.carts with its reason.
      expect(inBronze.length + letters.length, `cart ${cart.id} (${cart.damage}) at ${at}`).toBe(1);
      if (inBronze.length === 1) expect(inBronze[0]!.lineage.source_position).toBe(at);
      if (cart.damage === 'none') {
        const want = goodCart(cart.id) as { userId: number; products: unknown[] };
        expect(inBronze[0], `good cart ${cart.id}`).toMatchObject({ cart_id: cart.id, user_id: want.userId, lines: [expect.objectContaining({ quantity: (cart.id % 5) + 1 })] });
      }
    }
  }
  const totals = source.snapshot().totals;
  expect(totals.rowsRead).toBe(totals.produced + totals.deadLettered);
  expect(totals.produced).toBe(carts.length);
}

/** Items by key, as a lookup that gives [] for a key none has (a huge page has too many carts to search for each). */
function grouped<T, K>(items: readonly T[], keyOf: (item: T) => K): (key: K) => T[] {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return (key) => groups.get(key) ?? [];
}

describe('carts source against a hostile API', () => {
  it('puts every cart of every fuzzed page in bronze or dlq.carts once, through bad JSON, wrong types, 5xx, 429 and hangs', async () => {
    await fc.assert(fc.asyncProperty(cartsApi(PAGES, PAGE_SIZE, 3 * PAGE_SIZE), readsEverythingOnce), { seed: FUZZ_SEED, numRuns: RUNS, endOnFailure: true });
  }, 240_000);

  // Found by fuzzing: spreading a page's ids into Math.max overflowed the stack past about 120,000 carts, and the source retried that page for ever.
  it('reads a page far larger than it asked for (the API ignoring limit) in one go', async () => {
    const carts = Array.from({ length: 130_000 }, (_, i) => ({ id: i + 1, damage: 'none' as const, value: goodCart(i + 1) }));
    await readsEverythingOnce([{ damage: 'huge', carts, transients: [] }, { damage: 'none', carts: [], transients: [] }]);
  }, 120_000);
});
