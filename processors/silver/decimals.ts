import { formatDecimal, parseDecimal } from '../../schemas/avro/decimal.ts';

/** The canonical text of an exact decimal at `scale` ("37.28" at 4 → "37.2800"); the value must be a decimal. */
export function atScale(value: string, scale: number): string {
  return formatDecimal(parseDecimal(value, { precision: 40, scale })!, scale);
}

/** A percentage (0..100, at most 2 decimals) as a fraction at scale 4: "24.84" → "0.2484", exactly. */
export function percentToFraction(percent: string): string {
  return formatDecimal(parseDecimal(percent, { precision: 40, scale: 2 })!, 4);
}
