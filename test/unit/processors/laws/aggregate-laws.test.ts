import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GroupAggregate, type Contribution, type Tracks } from '../../../../processors/gold/group-aggregate.ts';

const contribution: fc.Arbitrary<Contribution> = fc.record({
  orderId: fc.constantFrom('o1', 'o2', 'o3', 'o4'),
  customerId: fc.integer({ min: 1, max: 4 }),
  quantity: fc.integer({ min: 1, max: 20 }),
  netCents: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
  soldAt: fc.integer({ min: 1_514_764_800_000, max: 1_514_764_800_000 + 10 * 86_400_000 }),
});
const contributions = fc.array(contribution, { maxLength: 30 });
const TRACKS: Tracks = { customers: true, times: true };

function aggregate(cs: readonly Contribution[]): GroupAggregate {
  const group = new GroupAggregate(TRACKS);
  for (const c of cs) group.add(c);
  return group;
}

/** Everything a gold row reads from a group. */
function view(group: GroupAggregate) {
  return {
    lines: group.lines,
    orders: group.orders.size,
    customers: group.customersServed,
    quantity: group.quantity,
    revenue: group.revenue,
    first: group.firstSoldAt,
    last: group.lastSoldAt,
  };
}

describe('aggregate laws', () => {
  it('the aggregate of a union is the merge of the aggregates of its parts', () => {
    fc.assert(
      fc.property(contributions, contributions, (a, b) => {
        const merged = aggregate(a);
        merged.merge(aggregate(b));
        expect(view(merged)).toEqual(view(aggregate([...a, ...b])));
      }),
    );
  });

  it('a retraction undoes an addition, in any order of the others', () => {
    fc.assert(
      fc.property(contributions, contribution, contributions, (before, added, after) => {
        const group = aggregate(before);
        group.add(added);
        for (const c of after) group.add(c);
        group.retract(added);
        expect(view(group)).toEqual(view(aggregate([...before, ...after])));
        // Nothing of the retracted line lingers in the multisets either.
        expect([...group.orders.values()].every((n) => n > 0)).toBe(true);
      }),
    );
  });

  it('matches SQL over the lines: distinct orders and customers, sums, null revenue without amounts, min and max time', () => {
    fc.assert(
      fc.property(contributions, (cs) => {
        const amounts = cs.map((c) => c.netCents).filter((n): n is number => n !== null);
        expect(view(aggregate(cs))).toEqual({
          lines: cs.length,
          orders: new Set(cs.map((c) => c.orderId)).size,
          customers: new Set(cs.map((c) => c.customerId)).size,
          quantity: cs.reduce((s, c) => s + c.quantity, 0),
          revenue: amounts.length === 0 ? null : amounts.reduce((s, n) => s + n, 0),
          first: cs.length === 0 ? null : Math.min(...cs.map((c) => c.soldAt)),
          last: cs.length === 0 ? null : Math.max(...cs.map((c) => c.soldAt)),
        });
      }),
    );
  });
});
