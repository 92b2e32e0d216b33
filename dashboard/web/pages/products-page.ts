import type { Filters, PanelData } from '../../api-types.ts';
import { columns, pareto, rankingBars } from '../charts/chart-builders.ts';
import { PALETTE } from '../charts/chart-theme.ts';
import { tracedBy } from '../components/trace-link.ts';
import type { PageSpec, PanelSpec } from './page-spec.ts';
import { rowValue } from './page-spec.ts';

const ranked = (label: string, color: string) => (data: PanelData, filters: Filters) =>
  filters.measure === 'quantity' ? rankingBars(data, label, 'quantity', 'int', color) : rankingBars(data, label, 'revenue', 'money', color);

const byCategory: PanelSpec<'products'>['click'] = (click, data) => ({ category: rowValue(data, click.dataIndex, 'category_name') });

/** A product's row leads to where its figures come from (gold.product_performance's row traced to its sales). */
const traced = tracedBy('product_performance', 'product_id');
const HINT = 'Click a bar to filter by its category; ↳ beside a product’s ID in the table shows where its figures come from';

export const productsPage: PageSpec<'products'> = {
  page: 'products',
  title: 'Products',
  filters: true,
  controls: ['top', 'measure'],
  panels: [
    { id: 'top-products', title: 'Top products', size: 'half', hint: HINT, chart: ranked('product_name', PALETTE[0]), click: byCategory, trace: traced },
    { id: 'bottom-products', title: 'Bottom products', size: 'half', hint: HINT, chart: ranked('product_name', PALETTE[3]), click: byCategory, trace: traced },
    { id: 'top-categories', title: 'Top categories', size: 'half', hint: 'Click a bar to filter by category', chart: ranked('category_name', PALETTE[2]), click: byCategory },
    { id: 'bottom-categories', title: 'Bottom categories', size: 'half', hint: 'Click a bar to filter by category', chart: ranked('category_name', PALETTE[1]), click: byCategory },
    {
      id: 'catalog',
      title: 'Products per category',
      size: 'full',
      hint: 'Click a category to filter by it',
      chart: (data) =>
        columns(data, 'category_name', [
          { key: 'products', name: 'Products', measure: 'int' },
          { key: 'products_sold', name: 'Sold in the selection', measure: 'int' },
        ]),
      click: byCategory,
    },
    { id: 'pareto', title: 'Pareto curve of revenue by product', size: 'full', chart: (data) => pareto(data) },
  ],
};
