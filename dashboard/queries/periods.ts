import type { FilterOptions, Filters } from '../api-types.ts';

const DAY_MS = 86_400_000;

const epochDay = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export interface Period {
  readonly from: string;
  readonly to: string;
  readonly days: number;
}

/** The filters' date range, its open ends closed by the first and last sale date; undefined when there are no sales. */
export function selectedPeriod(filters: Filters, options: FilterOptions): Period | undefined {
  const from = filters.from ?? options.firstDate;
  const to = filters.to ?? options.lastDate;
  if (from === null || to === null) return undefined;
  return { from, to, days: epochDay(to) - epochDay(from) + 1 };
}

/** The period of the same length that ends the day before `period` starts. */
export function previousPeriod(period: Period): Period {
  const start = epochDay(period.from);
  return { from: isoDay(start - period.days), to: isoDay(start - 1), days: period.days };
}
