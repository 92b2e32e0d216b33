import type { PageName } from '../api-types.ts';
import { customersPanels } from './customers-panels.ts';
import { employeesPanels } from './employees-panels.ts';
import { overviewPanels } from './overview-panels.ts';
import type { PagePanels } from './panel.ts';
import { pipelinePanels } from './pipeline-panels.ts';
import { productsPanels } from './products-panels.ts';
import { topicsPanels } from './topics-panels.ts';
import { tracePanels } from './trace-panels.ts';
import { trendsPanels } from './trends-panels.ts';

/** Every panel's query, by page and panel id (PAGE_PANELS). */
export const PANELS: { readonly [P in PageName]: PagePanels<P> } = {
  overview: overviewPanels,
  trends: trendsPanels,
  products: productsPanels,
  employees: employeesPanels,
  customers: customersPanels,
  pipeline: pipelinePanels,
  topics: topicsPanels,
  trace: tracePanels,
};
