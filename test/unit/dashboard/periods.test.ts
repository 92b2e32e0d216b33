import { describe, expect, it } from 'vitest';
import { previousPeriod, selectedPeriod } from '../../../dashboard/queries/periods.ts';

const OPTIONS = { countries: [], categories: [], channels: [], firstDate: '2018-01-01', lastDate: '2018-05-10' };

describe('overview periods', () => {
  it('closes open ends of the date filter with the first and last sale date', () => {
    expect(selectedPeriod({}, OPTIONS)).toEqual({ from: '2018-01-01', to: '2018-05-10', days: 130 });
    expect(selectedPeriod({ from: '2018-03-01' }, OPTIONS)).toEqual({ from: '2018-03-01', to: '2018-05-10', days: 71 });
  });

  it('has no period without sales', () => {
    expect(selectedPeriod({}, { ...OPTIONS, firstDate: null, lastDate: null })).toBeUndefined();
  });

  it('compares with the period of the same length just before, across month and leap-year ends', () => {
    expect(previousPeriod({ from: '2018-03-01', to: '2018-03-31', days: 31 })).toEqual({ from: '2018-01-29', to: '2018-02-28', days: 31 });
    expect(previousPeriod({ from: '2020-03-01', to: '2020-03-01', days: 1 })).toEqual({ from: '2020-02-29', to: '2020-02-29', days: 1 });
  });
});
