import { FILTER_PARAMS, type FilterParam, PAGE_PARAMS, type PageName, PAGES } from '../api-types.ts';

/** What the URL holds: the page (its path) and the filters (its query string). The URL is the only copy. */
export interface ViewState {
  readonly page: PageName;
  readonly params: URLSearchParams;
}

export type FilterPatch = Partial<Record<FilterParam, string | undefined>>;

export function readLocation(location: Location = window.location): ViewState {
  const name = location.pathname.replace(/^\/+|\/+$/g, '');
  const page = (PAGES as readonly string[]).includes(name) ? (name as PageName) : 'overview';
  return { page, params: pageParams(page, new URLSearchParams(location.search)) };
}

/** The params a page takes: the filters, and its own (the Topics and Trace pages); anything else is dropped. */
function pageParams(page: PageName, all: URLSearchParams): URLSearchParams {
  const taken: readonly string[] = [...FILTER_PARAMS, ...(PAGE_PARAMS[page] ?? [])];
  const params = new URLSearchParams();
  for (const [key, value] of all) if (taken.includes(key) && value !== '') params.set(key, value);
  return params;
}

export function href(view: ViewState): string {
  const query = pageParams(view.page, view.params).toString();
  return `/${view.page}${query === '' ? '' : `?${query}`}`;
}

/** The params with `patch` applied: a string sets a filter, undefined clears it. */
export function patched(params: URLSearchParams, patch: FilterPatch): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, value);
  }
  return next;
}
