/** How big each entity is for a given --scale (the number of distinct store sales). */
export const SCALE_RANGE = { min: 100, max: 50_000_000, fallback: 100_000 } as const;

export interface DatasetSizes {
  readonly storeSales: number;
  readonly salesFiles: number;
  readonly categories: number;
  readonly countries: number;
  readonly cities: number;
  readonly products: number;
  readonly customers: number;
  readonly employees: number;
  readonly carts: number;
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, Math.floor(value)));

export function datasetSizes(scale: number): DatasetSizes {
  return {
    storeSales: scale,
    // At least 8 files so every file style of the untidy cycle appears at any scale.
    salesFiles: clamp(Math.ceil(scale / 100_000), 8, 9999),
    categories: 11,
    countries: clamp(20 + scale / 50_000, 20, 60),
    cities: clamp(scale / 500, 50, 300),
    products: clamp(scale / 200, 20, 5000),
    customers: clamp(scale / 50, 50, 200_000),
    employees: clamp(scale / 4000, 5, 500),
    carts: clamp(scale / 40, 3, 2_000_000),
  };
}

/** Sales and carts happen in this window, like the Kaggle grocery dataset (UTC, inclusive). */
export const SALES_WINDOW = { from: Date.UTC(2018, 0, 1), to: Date.UTC(2018, 4, 10, 23, 59, 59, 999) } as const;
