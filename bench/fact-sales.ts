import type { GoldFactSales } from '../schemas/generated/gold-types.ts';

/** A valid gold.fact_sales record, number `i`: deterministic, varied values in every column (benchmarks and tests). */
export function syntheticFactSale(i: number): GoldFactSales {
  const soldAt = new Date(Date.UTC(2024, 0, 1 + (i % 28), i % 24, i % 60, i % 60, i % 1000));
  return {
    sale_id: `store-${i}`,
    channel: i % 4 === 0 ? 'online' : 'store',
    order_id: `order-${Math.floor(i / 3)}`,
    sold_at: soldAt,
    sale_date: soldAt.toISOString().slice(0, 10),
    customer_id: 1 + (i % 50),
    employee_id: i % 4 === 0 ? null : 1 + (i % 5),
    product_id: 1 + (i % 20),
    quantity: 1 + (i % 9),
    unit_price: `${10 + (i % 7)}.${String(i % 10000).padStart(4, '0')}`,
    discount: `0.${String(i % 10).padStart(2, '0')}00`,
    net_amount: `${100 + i}.${String(i % 100).padStart(2, '0')}`,
  };
}
