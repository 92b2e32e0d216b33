import type { DashboardStatus, FilterOptions, PageName, PanelFailure, PanelResponse } from '../api-types.ts';

/** A panel request the server could not answer; `kind` says whether the warehouse is the cause. */
export class PanelRequestError extends Error {
  constructor(
    readonly kind: PanelFailure['error'] | 'network',
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' } });
  } catch (error) {
    throw new PanelRequestError('network', `the dashboard server does not answer: ${(error as Error).message}`);
  }
  const body = (await response.json()) as T | PanelFailure;
  if (!response.ok) {
    const failure = body as PanelFailure;
    throw new PanelRequestError(failure.error, failure.message);
  }
  return body as T;
}

export const fetchPanel = (page: PageName, panel: string, params: URLSearchParams): Promise<PanelResponse> =>
  getJson(`/api/panel/${page}/${panel}${params.size > 0 ? `?${params.toString()}` : ''}`);
export const fetchOptions = (): Promise<FilterOptions> => getJson('/api/options');
export const fetchStatus = (): Promise<DashboardStatus> => getJson('/api/status');
