import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { DashboardError } from '../dashboard-error.ts';

const WEB_DIR = fileURLToPath(new URL('../web/', import.meta.url));

/** The one asset the page loads from a package: ECharts' own ES module build, served from node_modules. */
export const ECHARTS_URL = '/vendor/echarts.esm.min.mjs';

export interface WebAsset {
  readonly body: Buffer;
  readonly contentType: string;
  /** Cache-Control: the page's own files are checked every time (a restarted server may serve new ones), ECharts is kept. */
  readonly cache: string;
}

const OWN = 'no-cache';
const VENDOR = 'public, max-age=86400';

/** The browser code imports 'echarts' for its types; at run time it is the file served at ECHARTS_URL. */
const echartsFromVendor: Plugin = {
  name: 'echarts-from-vendor',
  setup(plugin) {
    plugin.onResolve({ filter: /^echarts$/ }, () => ({ path: ECHARTS_URL, external: true }));
  },
};

function echartsFile(): string {
  // The package's exports hide dist/; its CommonJS entry point lives there.
  const main = createRequire(import.meta.url).resolve('echarts');
  return path.join(path.dirname(main), 'echarts.esm.min.mjs');
}

/** The page's files by URL path: index.html, styles.css, the browser code bundled from web/main.ts, ECharts. */
export async function webAssets(): Promise<ReadonlyMap<string, WebAsset>> {
  let bundle: string;
  try {
    const result = await build({
      entryPoints: [path.join(WEB_DIR, 'main.ts')],
      bundle: true,
      format: 'esm',
      target: 'es2022',
      write: false,
      sourcemap: 'inline',
      plugins: [echartsFromVendor],
      logLevel: 'silent',
    });
    bundle = result.outputFiles[0]?.text ?? '';
  } catch (error) {
    throw new DashboardError('bundle-failed', `the dashboard's browser code (${WEB_DIR}main.ts) does not build: ${(error as Error).message}`, 'fix the error above (npx tsc --noEmit shows it too)', { cause: error });
  }
  const file = (name: string): Buffer => readFileSync(path.join(WEB_DIR, name));
  return new Map<string, WebAsset>([
    ['/index.html', { body: file('index.html'), contentType: 'text/html; charset=utf-8', cache: OWN }],
    ['/assets/styles.css', { body: file('styles.css'), contentType: 'text/css; charset=utf-8', cache: OWN }],
    ['/assets/app.js', { body: Buffer.from(bundle), contentType: 'text/javascript; charset=utf-8', cache: OWN }],
    [ECHARTS_URL, { body: readFileSync(echartsFile()), contentType: 'text/javascript; charset=utf-8', cache: VENDOR }],
  ]);
}
