import { tracedBy } from '../components/trace-link.ts';
import type { PageSpec } from './page-spec.ts';

export const tracePage: PageSpec<'trace'> = {
  page: 'trace',
  title: 'Where does this come from',
  filters: false,
  controls: [],
  panels: [
    { id: 'figures', title: 'The row’s figures, as formulas over its sales', size: 'full', tableFirst: true },
    {
      id: 'sales',
      title: 'Its sales, and the source records each came from',
      size: 'full',
      tableFirst: true,
      hint: '↳ beside a sale traces the sale itself: its silver record and every bronze version.',
      trace: tracedBy('fact_sales', 'sale_id'),
    },
  ],
};
