import { CHANNELS, type Channel, type FilterNotice, type FilterOptions, type FilterParam, type Filters, MEASURES, type Measure } from '../api-types.ts';

export const TOP_RANGE = { min: 1, max: 100, fallback: 10 } as const;

export interface ParsedFilters {
  readonly filters: Filters;
  readonly notices: readonly FilterNotice[];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SHOWN_CHARS = 60;

function shown(value: string): string {
  return JSON.stringify(value.length > SHOWN_CHARS ? `${value.slice(0, SHOWN_CHARS)}…` : value);
}

/** A calendar date that exists, as YYYY-MM-DD (2018-02-30 does not). */
function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The filters of a panel request, validated against closed lists and the values
 * the warehouse holds (`known`). A value that fails is left out of the filters
 * and comes back as a notice naming it and the rule, so it never reaches SQL.
 */
export function parseFilters(query: URLSearchParams, known: FilterOptions): ParsedFilters {
  const notices: FilterNotice[] = [];
  const refuse = (param: FilterParam, value: string, rule: string): undefined => {
    notices.push({ param, value, message: `${param} ${shown(value)} ${rule}; ignored` });
    return undefined;
  };
  const param = (name: FilterParam): string | undefined => {
    const value = query.get(name)?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const date = (name: 'from' | 'to'): string | undefined => {
    const value = param(name);
    if (value === undefined || isIsoDate(value)) return value;
    return refuse(name, value, 'is not a calendar date written YYYY-MM-DD');
  };
  const member = (name: 'country' | 'category', list: readonly string[], what: string): string | undefined => {
    const value = param(name);
    if (value === undefined || list.includes(value)) return value;
    return refuse(name, value, `is not a ${what} in the warehouse (${list.length} known)`);
  };
  const oneOf = <const T extends string>(name: FilterParam, choices: readonly T[]): T | undefined => {
    const value = param(name);
    if (value === undefined || (choices as readonly string[]).includes(value)) return value as T | undefined;
    return refuse(name, value, `is not one of ${choices.join(', ')}`);
  };
  const top = (): number | undefined => {
    const value = param('top');
    if (value === undefined) return undefined;
    const n = Number(value);
    if (/^\d+$/.test(value) && n >= TOP_RANGE.min && n <= TOP_RANGE.max) return n;
    return refuse('top', value, `is not a whole number from ${TOP_RANGE.min} to ${TOP_RANGE.max}`);
  };

  let from = date('from');
  let to = date('to');
  if (from !== undefined && to !== undefined && from > to) {
    refuse('to', to, `is before from ${shown(from)}, so the range is empty`);
    from = undefined;
    to = undefined;
  }
  const filters: { -readonly [K in keyof Filters]: Filters[K] } = {};
  if (from !== undefined) filters.from = from;
  if (to !== undefined) filters.to = to;
  const country = member('country', known.countries, 'country');
  if (country !== undefined) filters.country = country;
  const category = member('category', known.categories, 'category');
  if (category !== undefined) filters.category = category;
  const channel: Channel | undefined = oneOf('channel', CHANNELS);
  if (channel !== undefined) filters.channel = channel;
  const n = top();
  if (n !== undefined) filters.top = n;
  const measure: Measure | undefined = oneOf('measure', MEASURES);
  if (measure !== undefined) filters.measure = measure;
  return { filters, notices };
}
