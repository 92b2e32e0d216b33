import { describe, expect, it } from 'vitest';
import type { FilterOptions } from '../../../dashboard/api-types.ts';
import { parseFilters } from '../../../dashboard/server/filter-params.ts';

const KNOWN: FilterOptions = { countries: ['Austria', 'Ecuador'], categories: ['Dairy', 'Shell Fish'], channels: ['store', 'online'], firstDate: '2018-01-01', lastDate: '2018-05-10' };
const parse = (query: string) => parseFilters(new URLSearchParams(query), KNOWN);

describe('dashboard filter parameters', () => {
  it('keeps valid values, typed', () => {
    expect(parse('from=2018-02-01&to=2018-02-28&country=Ecuador&category=Shell+Fish&channel=online&top=20&measure=quantity')).toEqual({
      filters: { from: '2018-02-01', to: '2018-02-28', country: 'Ecuador', category: 'Shell Fish', channel: 'online', top: 20, measure: 'quantity' },
      notices: [],
    });
  });

  it('treats empty and unknown parameters as absent, without a notice', () => {
    expect(parse('country=&from=&page=products&utm=x')).toEqual({ filters: {}, notices: [] });
  });

  it.each([
    ['from', '2018-02-30', 'is not a calendar date written YYYY-MM-DD'],
    ['to', '05/10/2018', 'is not a calendar date written YYYY-MM-DD'],
    ['country', "Atlantis' OR '1'='1", 'is not a country in the warehouse (2 known)'],
    ['category', 'dairy', 'is not a category in the warehouse (2 known)'],
    ['channel', 'drone', 'is not one of store, online'],
    ['top', '0', 'is not a whole number from 1 to 100'],
    ['top', '10.5', 'is not a whole number from 1 to 100'],
    ['measure', 'profit', 'is not one of revenue, quantity'],
  ])('ignores a bad %s (%s) with a notice naming it and the rule', (param, value, rule) => {
    // Beside it a valid filter, which stays.
    const valid = param === 'channel' ? { country: 'Austria' } : { channel: 'store' };
    const { filters, notices } = parse(new URLSearchParams({ [param]: value, ...valid }).toString());
    expect(filters).toEqual(valid);
    expect(notices).toEqual([{ param, value, message: `${param} ${JSON.stringify(value)} ${rule}; ignored` }]);
  });

  it('ignores a range that ends before it starts, both ends', () => {
    const { filters, notices } = parse('from=2018-03-01&to=2018-02-01');
    expect(filters).toEqual({});
    expect(notices.map((n) => n.message)).toEqual(['to "2018-02-01" is before from "2018-03-01", so the range is empty; ignored']);
  });

  it('shortens a long bad value in its notice', () => {
    const { notices } = parse(`country=${'x'.repeat(500)}`);
    expect(notices[0]?.message).toBe(`country "${'x'.repeat(60)}…" is not a country in the warehouse (2 known); ignored`);
    expect(notices[0]?.value).toHaveLength(500);
  });
});
