import type { Cell, ValueFormat } from '../api-types.ts';

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const moneyShort = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const short = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const change = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

/** A cell as the user reads it: thousands separators, currency, percentages, UTC dates. */
export function formatCell(value: Cell, format: Exclude<ValueFormat, 'row'>): string {
  if (value === null) return '—';
  switch (format) {
    case 'text':
      return String(value);
    case 'int':
      return integer.format(Number(value));
    case 'decimal':
      return decimal.format(Number(value));
    case 'money':
      return money.format(Number(value));
    case 'percent':
      return percent.format(Number(value));
    case 'date':
      return day.format(new Date(`${String(value)}T00:00:00Z`));
    case 'datetime':
      return `${dateTime.format(new Date(utc(String(value))))} UTC`;
  }
}

/** PostgreSQL's timestamp text ("2018-05-10 23:59:59.999") or an ISO string, as an ISO string in UTC. */
function utc(text: string): string {
  return /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`;
}

export const formatChange = (value: number | null): string => (value === null ? 'no earlier data' : change.format(value));
export const formatMoneyShort = (value: number): string => moneyShort.format(value);
export const formatShort = (value: number): string => short.format(value);
export const formatMoney = (value: number): string => money.format(value);
export const formatInt = (value: number): string => integer.format(value);
