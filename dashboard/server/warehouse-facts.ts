import { CHANNELS, type FilterOptions } from '../api-types.ts';
import type { WarehouseReader } from './warehouse-client.ts';

interface Facts {
  readonly options: FilterOptions;
  readonly dataAsOf: string | null;
}

/**
 * What filters are validated against (the countries, categories and dates the
 * warehouse holds) and the newest sale: read once, and again after gold changes.
 */
export class WarehouseFacts {
  private facts: Promise<Facts> | undefined;

  constructor(private readonly db: WarehouseReader) {}

  invalidate(): void {
    this.facts = undefined;
  }

  async options(): Promise<FilterOptions> {
    return (await this.load()).options;
  }

  async dataAsOf(): Promise<string | null> {
    return (await this.load()).dataAsOf;
  }

  private load(): Promise<Facts> {
    if (this.facts === undefined) {
      const loading = this.read();
      this.facts = loading;
      // A failed read is not kept: the next request tries again.
      loading.catch(() => {
        if (this.facts === loading) this.facts = undefined;
      });
    }
    return this.facts;
  }

  private async read(): Promise<Facts> {
    const [row] = await this.db.query<{ countries: string[] | null; categories: string[] | null; first_date: string | null; last_date: string | null; data_as_of: string | null }>(
      `SELECT (SELECT array_agg(DISTINCT country_name ORDER BY country_name) FROM gold.dim_customer WHERE country_name IS NOT NULL) AS countries,
              (SELECT array_agg(DISTINCT category_name ORDER BY category_name) FROM gold.dim_product WHERE category_name IS NOT NULL) AS categories,
              min(sale_date) AS first_date, max(sale_date) AS last_date, max(sold_at) AS data_as_of
       FROM gold.fact_sales`,
      [],
    );
    return {
      options: {
        countries: row?.countries ?? [],
        categories: row?.categories ?? [],
        channels: CHANNELS,
        firstDate: row?.first_date ?? null,
        lastDate: row?.last_date ?? null,
      },
      dataAsOf: row?.data_as_of ?? null,
    };
  }
}
