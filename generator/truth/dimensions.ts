import { DIMENSION_STYLES } from '../file-styles.ts';
import type { Rng } from '../prng.ts';
import { SALES_WINDOW, type DatasetSizes } from '../sizes.ts';
import { fieldIndex, SOURCE_CONTRACTS, type SourceRecord } from '../source-contracts.ts';
import { FIRST_NAMES, LAST_NAMES, MIDDLE_INITIALS } from '../vocabulary/person-names.ts';
import { CITY_PREFIXES, CITY_STEMS, COUNTRIES, HOUSE_NAMES, STREETS, UNITS, WINGS } from '../vocabulary/place-names.ts';
import { CATEGORIES, PRODUCT_STEMS, PRODUCT_VARIANTS } from '../vocabulary/product-names.ts';
import { randomDate, randomTimestamp } from './random-times.ts';

/** A truth record and the untidy file it is finally written in (0 = the first file of its entity). */
export interface Placed {
  readonly record: SourceRecord;
  readonly home: number;
}

export type FileDimension = keyof typeof DIMENSION_STYLES;

/** The truth of every dimension: the latest version per key, in key order (keys are 1..n). */
export interface DimensionTruth {
  readonly categories: readonly SourceRecord[];
  readonly cities: readonly SourceRecord[];
  readonly countries: readonly Placed[];
  readonly products: readonly Placed[];
  readonly employees: readonly Placed[];
  readonly customers: readonly Placed[];
}

/** The file that holds keys arriving after the first sales file references them. */
export const LATE_FILE = 2;

const orNull = <T>(rng: Rng, nullChance: number, value: T): T | null => (rng.chance(nullChance) ? null : value);

/**
 * Homes for n keys: `counts[j]` keys (at least one each) live in file j + 1, the rest in file 0.
 * A file's missing columns are null in the truth of the keys it holds, so the truth is
 * the same whether the files are written untidy or tidy.
 */
function homes(rng: Rng, n: number, shares: readonly number[]): number[] {
  const result = new Array<number>(n).fill(0);
  const order = rng.shuffled([...Array(n).keys()]);
  let next = 0;
  shares.forEach((share, j) => {
    for (let k = 0; k < Math.max(1, Math.round(n * share)); k++) result[order[next++] ?? 0] = j + 1;
  });
  return result;
}

function place(entity: FileDimension, records: readonly SourceRecord[], homeOf: readonly number[]): Placed[] {
  const contract = SOURCE_CONTRACTS[entity];
  const styles: readonly { readonly missing: readonly string[] }[] = DIMENSION_STYLES[entity];
  return records.map((record, i) => {
    const home = homeOf[i] ?? 0;
    const missing = (styles[home]?.missing ?? []).map((name) => fieldIndex(contract, name));
    return { record: record.map((v, f) => (missing.includes(f) ? null : v)), home };
  });
}

function address(rng: Rng, kind: number): string {
  const street = `${rng.int(1, 9999)} ${rng.pick(STREETS)}`;
  // Kinds 0..2 force a comma, a quote and a line break at least once per dataset.
  const roll = kind < 3 ? kind : rng.next() * 10;
  if (roll < 1) return `${street}, ${rng.pick(UNITS)}`;
  if (roll < 2) return `"${rng.pick(HOUSE_NAMES)}", ${street}`;
  if (roll < 2.3) return `${street}\n${rng.pick(WINGS)}`;
  return street;
}

function person(rng: Rng): [string, string | null, string] {
  return [rng.pick(FIRST_NAMES), orNull(rng, 0.35, rng.pick(MIDDLE_INITIALS)), rng.pick(LAST_NAMES)];
}

export function planDimensions(rng: Rng, sizes: DatasetSizes): DimensionTruth {
  const categories = CATEGORIES.slice(0, sizes.categories).map((name, i): SourceRecord => [i + 1, name]);
  const countryNames = rng.shuffled(COUNTRIES).slice(0, sizes.countries);
  const countries = countryNames.map(([name, code], i): SourceRecord => [i + 1, name, orNull(rng, 0.05, code)]);
  const cityNames = rng.shuffled(CITY_PREFIXES.flatMap((prefix) => CITY_STEMS.map((stem) => prefix + stem))).slice(0, sizes.cities);
  const cities = cityNames.map((name, i): SourceRecord => [
    i + 1,
    name,
    orNull(rng, 0.05, String(rng.int(1000, 99999)).padStart(5, '0')),
    rng.int(1, sizes.countries),
  ]);

  const productNames = rng.shuffled(PRODUCT_STEMS.flatMap((stem) => PRODUCT_VARIANTS.map((variant) => `${stem} - ${variant}`)));
  const productHomes = homes(rng, sizes.products, [0.05, 0.02]);
  const products = productHomes.map((home, i): SourceRecord => {
    const name = productNames[i % productNames.length] ?? 'Bread';
    const pack = Math.floor(i / productNames.length);
    return [
      i + 1,
      pack === 0 ? name : `${name} Pack ${pack + 1}`,
      rng.int(5_000, 1_000_000),
      rng.int(1, sizes.categories),
      orNull(rng, 0.05, rng.pick(['Low', 'Medium', 'High'])),
      // Keys corrected in file 1 always carry a ModifyDate, so the older version can have an earlier one.
      home === 1 ? randomTimestamp(rng, Date.UTC(2018, 0, 1), SALES_WINDOW.to) : orNull(rng, 0.1, randomTimestamp(rng, Date.UTC(2017, 0, 1), SALES_WINDOW.to)),
      orNull(rng, 0.05, rng.pick(['Durable', 'Weak', 'Unknown'])),
      orNull(rng, 0.25, rng.chance(0.5)),
      orNull(rng, 0.1, rng.int(0, 120)),
    ];
  });

  const employeeHomes = homes(rng, sizes.employees, [0.1, 0.05]);
  const employees = employeeHomes.map((_, i): SourceRecord => [
    i + 1,
    ...person(rng),
    orNull(rng, 0.05, randomDate(rng, Date.UTC(1955, 0, 1), Date.UTC(2000, 11, 31))),
    orNull(rng, 0.05, rng.pick(['M', 'F'])),
    rng.int(1, sizes.cities),
    orNull(rng, 0.05, randomTimestamp(rng, Date.UTC(2010, 0, 1), Date.UTC(2017, 11, 31, 23, 59, 59, 999))),
  ]);

  const customerHomes = homes(rng, sizes.customers, [0.05, 0.03]);
  const customers = customerHomes.map((_, i): SourceRecord => [i + 1, ...person(rng), rng.int(1, sizes.cities), orNull(rng, i < 3 ? 0 : 0.05, address(rng, i))]);

  return {
    categories,
    cities,
    countries: place('countries', countries, homes(rng, sizes.countries, [0.1])),
    products: place('products', products, productHomes),
    employees: place('employees', employees, employeeHomes),
    customers: place('customers', customers, customerHomes),
  };
}

/** Keys held back until the late file; the first sales file references every one of them. */
export function lateKeys(placed: readonly Placed[]): number[] {
  return placed.filter((p) => p.home === LATE_FILE).map((p) => Number(p.record[0]));
}
