import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from '../config/paths.ts';
import type { ServiceName, StackContext } from './service.ts';
import { StackError } from './stack-error.ts';
import { which } from './which.ts';

/** One run of a pom under stack/maven/: what it fetches, where to, with which versions. */
export interface MavenFetch {
  /** The pom's folder under stack/maven/. */
  readonly pom: string;
  /** Where the pom puts what it fetches (its `lib.dir`). */
  readonly libDir: string;
  /** Versions from stack/versions.ts, passed as -D properties. */
  readonly properties: Readonly<Record<string, string>>;
  /** What it fetches, for progress and errors, e.g. "Apache Kafka 4.1.1 (org.apache.kafka:kafka_2.13)". */
  readonly what: string;
}

const MAVEN_DIR = path.join(PROJECT_ROOT, 'stack', 'maven');
// Maven itself is a JVM too: keep its heap explicit (after the user's own options, so it wins).
const MAVEN_HEAP = '-Xmx384m';
const PROGRESS_EVERY_MS = 5_000;
const TAIL_LINES = 15;

const DOWNLOADED = /^\[INFO\] Downloaded from [^:]+: (\S+) \(([\d.,]+) (B|kB|MB|GB)/;
const UNITS: Readonly<Record<string, number>> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 };

/** "…/org/apache/kafka/kafka_2.13/4.1.1/kafka_2.13-4.1.1.jar" → "org.apache.kafka:kafka_2.13:4.1.1". */
function artifactOf(url: string): string {
  const parts = new URL(url).pathname.split('/').filter((p) => p !== '');
  const at = parts.indexOf('maven2');
  const coords = parts.slice(at + 1, -1);
  const version = coords.at(-1) ?? '';
  const artifact = coords.at(-2) ?? '';
  return `${coords.slice(0, -2).join('.')}:${artifact}:${version}`;
}

/** The artifact Maven names in its error, if it names one. */
function failedArtifact(lines: readonly string[]): string | undefined {
  const patterns = [/Could not (?:find|transfer|resolve) artifact (\S+)/, /could not be resolved: (\S+?)[,:]? /, /Failed to read artifact descriptor for (\S+?):? /];
  for (const line of lines) {
    for (const pattern of patterns) {
      const match = pattern.exec(line);
      if (match?.[1] !== undefined) return match[1];
    }
  }
  return undefined;
}

/**
 * Runs one pom under stack/maven/ (`mvn generate-resources`), Maven Central only, and reports
 * its downloads as progress steps. Its whole output goes to logs/<service>-maven.log; a failure
 * throws download-failed naming the artifact and the tail of that output.
 */
export async function mavenFetch(ctx: StackContext, service: ServiceName, fetch: MavenFetch): Promise<void> {
  const mvn = which('mvn');
  if (mvn === undefined) {
    throw new StackError('missing-tool', service, `Apache Maven (mvn) is not on PATH, and ${service} is fetched with it from Maven Central`, 'install it: apt-get install maven');
  }
  mkdirSync(fetch.libDir, { recursive: true });
  mkdirSync(ctx.dirs.logs, { recursive: true });
  const defines = { ...fetch.properties, 'lib.dir': fetch.libDir, 'build.dir': path.join(ctx.dirs.lib, '.maven', service, fetch.pom) };
  const args = [
    '-B',
    '-U', // retry what an earlier, failed run recorded as missing
    '-gs',
    path.join(MAVEN_DIR, 'settings.xml'),
    '-f',
    path.join(MAVEN_DIR, fetch.pom, 'pom.xml'),
    'generate-resources',
    ...Object.entries(defines).map(([key, value]) => `-D${key}=${value}`),
  ];
  ctx.report({ kind: 'step', service, message: `fetching ${fetch.what} from Maven Central (first run only)` });
  const log = createWriteStream(path.join(ctx.dirs.logs, `${service}-maven.log`), { flags: 'a' });
  const child = spawn(mvn, args, { env: { ...process.env, MAVEN_OPTS: [process.env.MAVEN_OPTS, MAVEN_HEAP].filter(Boolean).join(' ') }, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  let files = 0;
  let bytes = 0;
  let lastReport = Date.now();
  const progress = (): string => `${files} file${files === 1 ? '' : 's'}, ${(bytes / 1e6).toFixed(1)} MB`;
  const onLine = (line: string): void => {
    log.write(`${line}\n`);
    tail.push(line);
    if (tail.length > 200) tail.shift();
    const match = DOWNLOADED.exec(line);
    if (match === null) return;
    files += 1;
    bytes += Number((match[2] ?? '0').replace(',', '')) * (UNITS[match[3] ?? 'B'] ?? 1);
    if (Date.now() - lastReport >= PROGRESS_EVERY_MS) {
      lastReport = Date.now();
      ctx.report({ kind: 'step', service, message: `downloaded ${progress()} so far (latest ${artifactOf(match[1] ?? '')})` });
    }
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);
  const exit = await new Promise<number>((resolve) => {
    child.once('error', (error) => {
      onLine(`mvn: ${error.message}`);
      resolve(127);
    });
    child.once('close', (code) => resolve(code ?? 1));
  });
  await new Promise<void>((resolve) => log.end(resolve));
  if (exit !== 0) {
    // Maven's own errors, without the advice it appends after an empty [ERROR] line.
    const errors = tail.filter((line) => line.startsWith('[ERROR]'));
    const blank = errors.findIndex((line) => line.trim() === '[ERROR]');
    if (blank > 0) errors.splice(blank);
    const artifact = failedArtifact(errors) ?? fetch.what;
    const shown = (errors.length > 0 ? errors : tail).slice(0, TAIL_LINES).join('\n');
    throw new StackError(
      'download-failed',
      service,
      `Maven could not fetch ${artifact} (mvn exited with ${exit}):\n${shown}`,
      `check that this machine reaches Maven Central (repo.maven.apache.org) and that the versions in stack/versions.ts exist there, then run stack up again; full output in ${path.join(ctx.dirs.logs, `${service}-maven.log`)}`,
    );
  }
  if (files > 0) ctx.report({ kind: 'step', service, message: `downloaded ${progress()} for ${fetch.what}` });
}
