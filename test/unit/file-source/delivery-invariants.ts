import { expect } from 'vitest';

/** Every key appears once: no record was delivered twice. */
export function assertNoDuplicates<T>(records: readonly T[], keyOf: (record: T) => string | number): void {
  const seen = new Map<string | number, number>();
  for (const record of records) {
    const key = keyOf(record);
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const repeated = [...seen].filter(([, count]) => count > 1);
  expect(repeated, `keys delivered more than once (key, times): ${JSON.stringify(repeated.slice(0, 10))}`).toEqual([]);
}

/** Exactly the expected keys arrived: none missing, none unexpected. */
export function assertComplete<T>(expected: Iterable<string | number>, records: readonly T[], keyOf: (record: T) => string | number): void {
  const want = new Set(expected);
  const got = new Set(records.map(keyOf));
  const missing = [...want].filter((k) => !got.has(k));
  const unexpected = [...got].filter((k) => !want.has(k));
  expect({ missing: missing.slice(0, 10), unexpected: unexpected.slice(0, 10) }, `${missing.length} missing, ${unexpected.length} unexpected`).toEqual({ missing: [], unexpected: [] });
}

/** Polls until `check` holds; fails naming what it waited for. Waiting has a deadline, nothing asserts how long it took. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, deadlineMs = 60_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`gave up waiting ${deadlineMs / 1000}s for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
