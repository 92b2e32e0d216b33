import type { Filters } from '../api-types.ts';

/** Collects a query's parameters; `add` returns the placeholder of the value it was given. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A date range; undefined ends are open. */
export interface DateRange {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** Whether any filter narrows the sales (top and measure only shape the answer). */
export function narrowsSales(filters: Filters): boolean {
  return [filters.from, filters.to, filters.country, filters.category, filters.channel].some((value) => value !== undefined);
}

/**
 * The body of a `sales` CTE: the gold.fact_sales lines the filters select, with
 * the names the panels group by. Country is the customer's, category the
 * product's. `dates` replaces the filters' own range (the previous period, or
 * none when a panel needs all history). Every value goes in as a parameter.
 */
export function filteredSales(filters: Filters, params: SqlParams, dates: DateRange = filters): string {
  const where: string[] = [];
  if (dates.from !== undefined) where.push(`f.sale_date >= ${params.add(dates.from)}::date`);
  if (dates.to !== undefined) where.push(`f.sale_date <= ${params.add(dates.to)}::date`);
  if (filters.channel !== undefined) where.push(`f.channel = ${params.add(filters.channel)}`);
  if (filters.country !== undefined) where.push(`c.country_name = ${params.add(filters.country)}`);
  if (filters.category !== undefined) where.push(`p.category_name = ${params.add(filters.category)}`);
  return `SELECT f.sale_id, f.channel, f.order_id, f.sold_at, f.sale_date, f.customer_id, f.employee_id, f.product_id,
                 f.quantity, f.net_amount, p.product_name, p.category_name, c.full_name AS customer_name, c.city_name, c.country_name
          FROM gold.fact_sales f
          LEFT JOIN gold.dim_product p ON p.product_id = f.product_id
          LEFT JOIN gold.dim_customer c ON c.customer_id = f.customer_id
          ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
}
