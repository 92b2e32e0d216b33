import { stackContext, stackDown, stackStatus, stackUp } from '../../stack/stack.ts';

/**
 * Starts the local stack before the integration tests (a no-op when it is already
 * healthy) and stops it afterwards only if this run started it.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const ctx = stackContext((event) => {
    if (event.kind === 'step') console.log(`[stack] ${event.service}: ${event.message}`);
    if (event.kind === 'ready') console.log(`[stack] ${event.service} ready at ${event.address}`);
  });
  const wasUp = (await stackStatus(ctx)).every((s) => s.health.healthy);
  await stackUp(ctx);
  return async () => {
    if (!wasUp && process.env.MEDALLION_KEEP_STACK !== '1') await stackDown(ctx);
  };
}
