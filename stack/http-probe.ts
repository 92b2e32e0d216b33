export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/** One GET with a deadline; undefined when nothing answers in time (refused, reset, timed out). */
export async function httpGet(url: string, timeoutMs = 2_000): Promise<HttpAnswer | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: await response.text() };
  } catch {
    return undefined;
  }
}
