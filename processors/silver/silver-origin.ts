import type { StoredRecord } from '../../transport/transport.ts';

/**
 * Every silver record names the bronze record it came from in a header, so the
 * silver records of one bronze entity can be counted as bronze records (a cart of
 * three lines is one) whatever the fan-out: reconciliation counts distinct origins.
 */
export const ORIGIN_HEADER = 'medallion.origin';

export function originHeaders(from: StoredRecord): Readonly<Record<string, string>> {
  return { [ORIGIN_HEADER]: `${from.topic}/${from.partition}/${from.offset}` };
}
