import { hash } from 'node:crypto';

/**
 * Latest-wins deduplication by source sequence (generator/README.md, "Versions"):
 * per key, the store keeps the latest version's sequence, a fingerprint of its
 * cleaned values, and the silver keys it wrote. A version not newer than the
 * latest (a replay, an out-of-order older version) is `stale`; a newer one with
 * the latest's cleaned values (the same row again) is `unchanged` — both are
 * duplicates silver drops, but an unchanged one still becomes the latest
 * sequence, so an older version arriving after it stays stale. Anything else is
 * the new `latest`, and silver emits it again so everything downstream corrects.
 */
export type LatestVersion = readonly [sequence: number, fingerprint: string, silverKeys: readonly (string | number)[]];

export const DEDUPE_VERDICTS = ['latest', 'unchanged', 'stale'] as const;
export type DedupeVerdict = (typeof DEDUPE_VERDICTS)[number];

/** A deleted key keeps its sequence (older versions stay dropped) and matches no fingerprint (a newer one re-creates it). */
export const DELETED_FINGERPRINT = '';

export function dedupeVerdict(latest: LatestVersion | undefined, sequence: number, fingerprint: string): DedupeVerdict {
  if (latest === undefined) return 'latest';
  if (sequence <= latest[0]) return 'stale';
  return fingerprint === latest[1] ? 'unchanged' : 'latest';
}

/** 72 bits of SHA-1 over the cleaned values' JSON: compact in the store, and a false match is out of reach. */
export function fingerprint(values: unknown): string {
  return hash('sha1', JSON.stringify(values), 'base64').slice(0, 12);
}
