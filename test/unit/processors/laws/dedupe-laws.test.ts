import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dedupeVerdict, fingerprint, type LatestVersion } from '../../../../processors/silver/dedupe.ts';

/** A version of a key: its sequence decides which is latest; a replay has the same key, sequence and values. */
interface Version {
  readonly key: string;
  readonly sequence: number;
  readonly value: number;
}

/** Runs versions through the dedupe rule as the silver processor does; returns what downstream holds per key and how much was emitted. */
function dedupe(versions: readonly Version[]): { readonly table: Map<string, number>; readonly emitted: number } {
  const store = new Map<string, LatestVersion>();
  const table = new Map<string, number>();
  let emitted = 0;
  for (const { key, sequence, value } of versions) {
    const print = fingerprint({ value });
    const verdict = dedupeVerdict(store.get(key), sequence, print);
    if (verdict === 'stale') continue;
    store.set(key, [sequence, print, [key]]);
    if (verdict === 'unchanged') continue;
    table.set(key, value);
    emitted += 1;
  }
  return { table, emitted };
}

/** Versions with distinct (key, sequence): the same key and sequence is always the same record. */
const versions = fc
  .uniqueArray(fc.record({ key: fc.constantFrom('a', 'b', 'c'), sequence: fc.nat({ max: 50 }), value: fc.integer({ min: 0, max: 3 }) }), { selector: (v) => `${v.key}/${v.sequence}`, maxLength: 40 })
  .map((vs) => vs as readonly Version[]);

/** Downstream's final state must be the highest-sequence version of every key. */
function latestOf(vs: readonly Version[]): Map<string, number> {
  const latest = new Map<string, Version>();
  for (const v of vs) if ((latest.get(v.key)?.sequence ?? -1) < v.sequence) latest.set(v.key, v);
  return new Map([...latest].map(([k, v]) => [k, v.value]));
}

describe('dedupe laws', () => {
  it('ends on the latest version of every key, whatever the arrival order', () => {
    fc.assert(
      fc.property(versions, fc.infiniteStream(fc.nat()), (vs, randoms) => {
        const shuffled = [...vs].map((v) => [randoms.next().value, v] as const).sort((a, b) => a[0] - b[0]).map(([, v]) => v);
        expect(dedupe(shuffled).table).toEqual(latestOf(vs));
        expect(dedupe(vs).table).toEqual(dedupe(shuffled).table);
      }),
    );
  });

  it('is idempotent: replaying any records again changes nothing and emits nothing more', () => {
    fc.assert(
      fc.property(versions, fc.array(fc.nat()), (vs, picks) => {
        const replays = vs.length === 0 ? [] : picks.map((i) => vs[i % vs.length]!);
        const once = dedupe(vs);
        const twice = dedupe([...vs, ...replays]);
        expect(twice.table).toEqual(once.table);
        expect(twice.emitted).toBe(once.emitted);
        expect(dedupe([...vs, ...vs]).emitted).toBe(once.emitted);
      }),
    );
  });

  it('calls a newer version with the latest values unchanged, one with other values latest, and anything not newer stale', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 10 }), fc.nat({ max: 10 }), fc.integer(), fc.integer(), (sequence, later, earlier, value, other) => {
        const latest: LatestVersion = [sequence + 10, fingerprint({ value }), ['k']];
        expect(dedupeVerdict(latest, sequence + 10 + later, fingerprint({ value }))).toBe('unchanged');
        expect(dedupeVerdict(latest, sequence + 10 + later, fingerprint({ value: other }))).toBe(value === other ? 'unchanged' : 'latest');
        expect(dedupeVerdict(latest, sequence + 10 - earlier, fingerprint({ value: other }))).toBe('stale');
      }),
    );
  });
});
