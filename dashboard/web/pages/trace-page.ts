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
      hint: 'A sale traces itself: its silver record and every bronze version.',
      links: { sale_id: (row) => `/trace?table=fact_sales&key=${encodeURIComponent(String(row.sale_id))}` },
    },
  ],
};
