import type { PageName } from '../../api-types.ts';
import { customersPage } from './customers-page.ts';
import { employeesPage } from './employees-page.ts';
import { overviewPage } from './overview-page.ts';
import type { PageSpec } from './page-spec.ts';
import { pipelinePage } from './pipeline-page.ts';
import { productsPage } from './products-page.ts';
import { topicsPage } from './topics-page.ts';
import { tracePage } from './trace-page.ts';
import { trendsPage } from './trends-page.ts';

export const PAGE_SPECS: { readonly [P in PageName]: PageSpec<P> } = {
  overview: overviewPage,
  trends: trendsPage,
  products: productsPage,
  employees: employeesPage,
  customers: customersPage,
  pipeline: pipelinePage,
  topics: topicsPage,
  trace: tracePage,
};
