import type { Rng } from '../prng.ts';

const DAY = 86_400_000;

/**
 * A timestamp in [from, to] with milliseconds; a quarter of them fall on a whole
 * second, so the seconds-only source formats (US, German) get used too.
 */
export function randomTimestamp(rng: Rng, from: number, to: number): number {
  const ms = from + Math.floor(rng.next() * (to - from + 1));
  return rng.chance(0.25) ? ms - (ms % 1000) : ms;
}

/** A date (midnight UTC) in [from, to]. */
export function randomDate(rng: Rng, from: number, to: number): number {
  return from + rng.int(0, Math.floor((to - from) / DAY)) * DAY;
}
