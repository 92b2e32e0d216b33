import { describe, expect, it } from 'vitest';
import { cartToRecord } from '../../../connectors/carts-source/cart-to-record.ts';
import { retryAfter } from '../../../connectors/carts-source/carts-http.ts';
import { backoffDelay } from '../../../core/backoff.ts';
import { bronzeContract } from '../../../schemas/bronze-contracts.ts';

const lineage = { source_kind: 'api', source_uri: 'http://api/carts?limit=30&skip=0', source_position: 'skip=0 #1', source_sequence: 1, ingested_at: new Date(0) } as const;
const line = { id: 9, title: 'Oats - Honey Glazed', price: 37.28, quantity: 4, total: 149.12, discountPercentage: 24.84, discountedTotal: 112.08 };
const cart = { id: 1, products: [line], total: 149.12, discountedTotal: 112.08, userId: 3, totalProducts: 1, totalQuantity: 4, createdAt: '2018-04-19T00:29:12.242Z' };

describe('a cart of the API to a bronze record', () => {
  it("maps dummyjson's keys by name and alias, types values exactly and keeps unknown keys in extras", () => {
    const outcome = cartToRecord({ ...cart, products: [{ ...line, thumbnail: 'x.png' }] }, lineage);
    expect(outcome).toEqual({
      kind: 'record',
      record: {
        cart_id: 1,
        user_id: 3,
        created_at: new Date('2018-04-19T00:29:12.242Z'),
        lines: [{ product_id: 9, title: 'Oats - Honey Glazed', price: '37.28', quantity: 4, total: '149.12', discount_percentage: '24.84', discounted_total: '112.08' }],
        extras: { total: '149.12', discountedTotal: '112.08', totalProducts: '1', totalQuantity: '4', 'products[0].thumbnail': 'x.png' },
        lineage,
      },
    });
  });

  it('keeps a key named __proto__ under its position, through an Avro write and read', () => {
    const withProto = JSON.parse(`{"__proto__": "p", ${JSON.stringify(cart).slice(1)}`) as unknown;
    const outcome = cartToRecord(withProto, lineage);
    if (outcome.kind !== 'record') throw new Error(`refused: ${JSON.stringify(outcome)}`);
    const type = bronzeContract('carts').type;
    const read = type.fromBuffer(type.toBuffer(outcome.record)) as { extras: Record<string, string> };
    expect(Object.entries(read.extras)).toContainEqual(['__proto___1', 'p']);
  });

  it('refuses a cart by the first rule it breaks, naming the field and value', () => {
    const refusal = (value: unknown) => {
      const outcome = cartToRecord(value, lineage);
      return outcome.kind === 'rejected' ? [outcome.rule, outcome.field, outcome.value] : outcome.kind;
    };
    expect(refusal({ ...cart, products: [line, { ...line, quantity: 0 }] })).toEqual(['out-of-range', 'lines[1].quantity', '0']);
    expect(refusal({ ...cart, products: [{ ...line, discountPercentage: 120 }] })).toEqual(['out-of-range', 'lines[0].discount_percentage', '120']);
    expect(refusal({ ...cart, userId: 'three' })).toEqual(['malformed-number', 'user_id', 'three']);
    expect(refusal({ ...cart, createdAt: 'yesterday' })).toEqual(['malformed-date', 'created_at', 'yesterday']);
    expect(refusal({ ...cart, products: 'none' })).toEqual(['not-a-list', 'lines', 'none']);
    expect(refusal({ ...cart, products: [7] })).toEqual(['not-an-object', 'lines[0]', '7']);
    expect(refusal({ userId: 3, products: [] })).toEqual(['missing-required', 'cart_id', null]);
    expect(refusal([cart])).toEqual(['not-an-object', null, null]);
  });

  // Found by fuzzing (carts-source-fuzz.test.ts): JSON.stringify threw on such a value, and the source retried its page for ever.
  it('refuses a cart with a value nested too deeply to keep as text, naming the key', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    expect(cartToRecord({ ...cart, note: deep }, lineage)).toEqual({ kind: 'rejected', rule: 'wrong-type', field: 'note', value: null, detail: 'a JSON value nested too deeply to be kept as text' });
  });
});

describe('retry waits', () => {
  it('reads Retry-After as seconds or an HTTP date, and nothing else', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfter('3', now)).toBe(3000);
    expect(retryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(retryAfter('soon', now)).toBeUndefined();
    expect(retryAfter(null, now)).toBeUndefined();
  });

  it('backs off exponentially with jitter up to the cap, and a longer demanded wait wins', () => {
    const policy = { baseMs: 100, maxMs: 1000 };
    expect([0, 1, 2, 3, 4, 5].map((attempt) => backoffDelay(policy, attempt, 0, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 5].map((attempt) => backoffDelay(policy, attempt, 0, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(policy, 0, 3000, () => 0.5)).toBe(3000);
  });
});
