import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { awaitDaemon } from '../await-daemon.ts';
import { stackEndpoints } from '../../config/stack-endpoints.ts';
import { httpGet } from '../http-probe.ts';
import { renderProperties, writeConfig } from '../java-properties.ts';
import { javaAtLeast, systemJava, type JavaRuntime } from '../java.ts';
import { jvmDaemonSpec } from '../jvm-launch.ts';
import { javaKafkaSettings } from '../kafka-java-settings.ts';
import { mavenFetch } from '../maven-fetch.ts';
import { LOOPBACK } from '../../config/ports.ts';
import { clearPrepared, isPrepared, markPrepared } from '../prepared-marker.ts';
import { daemonPid, logFile, spawnDaemon, stopDaemon } from '../process-supervisor.ts';
import { installPypiJava, pypiJava } from '../pypi-java.ts';
import type { Health, Service, StackContext } from '../service.ts';
import { StackError } from '../stack-error.ts';
import { VERSIONS } from '../versions.ts';

// apicurio-registry-app 3.3 is compiled for Java 21.
const JAVA_MIN = 21;
const HEAP = '512m';
const START_TIMEOUT_MS = 120_000;
// What the registry logs once its kafkasql storage has read the journal to its end.
const STORAGE_BOOTSTRAPPED = 'KafkaSQL storage bootstrapped';
/** The global rule every subject evolves under unless it sets its own. */
export const REGISTRY_COMPATIBILITY = 'BACKWARD';

const FETCH_PROPERTIES = {
  'apicurio.version': VERSIONS.apicurio,
  'dependency-plugin.version': VERSIONS.mavenDependencyPlugin,
};

const appDir = (ctx: StackContext): string => path.join(ctx.dirs.lib, 'registry', 'app');
const jreDir = (ctx: StackContext): string => path.join(ctx.dirs.lib, 'registry', 'jre');
const runDir = (ctx: StackContext): string => path.join(ctx.dirs.run, 'registry');

/**
 * How the Kafka store's clients reach Kafka: nothing on a plain stack, SASL_SSL with the
 * home's login on a secure one. Apicurio hands every property under apicurio.kafkasql.producer.,
 * .consumer. and .admin. to that client as it is.
 */
function storeKafkaSecurity(settings: Readonly<Record<string, string>>): Record<string, string> {
  const java = Object.entries(javaKafkaSettings(settings));
  return Object.fromEntries(['producer', 'consumer', 'admin'].flatMap((client) => java.map(([key, value]) => [`apicurio.kafkasql.${client}.${key}`, value])));
}

/** Quarkus reads config/application.properties under its working directory (runDir). */
function applicationProperties(ctx: StackContext): string {
  return renderProperties('stack/services/registry.ts', {
    'quarkus.http.host': LOOPBACK,
    'quarkus.http.port': ctx.ports.registry,
    // The management interface (health, metrics) is built in; keep it on loopback, on any free port.
    'quarkus.management.host': LOOPBACK,
    'quarkus.management.port': 0,
    'quarkus.http.access-log.enabled': false,
    'quarkus.log.category."org.apache.kafka".level': 'WARN',
    // Schemas live in topics of the stack's Kafka, so they survive a restart of the registry.
    'apicurio.storage.kind': 'kafkasql',
    'apicurio.kafkasql.bootstrap.servers': stackEndpoints(ctx.ports, ctx.dirs.home).kafka.bootstrapServers,
    ...storeKafkaSecurity(stackEndpoints(ctx.ports, ctx.dirs.home).kafka.settings),
    'apicurio.kafkasql.topic': '_registry-journal',
    'apicurio.kafkasql.snapshots.topic': '_registry-snapshots',
    // Each empty poll of the journal at start waits this long (5 s by default).
    'apicurio.kafkasql.consumer.poll.timeout': 1000,
    'apicurio.storage.snapshot.location': path.join(ctx.dirs.data, 'registry'),
    // An incompatible change to any subject is refused (HTTP 409) unless the subject says otherwise.
    'apicurio.rules.global.compatibility': REGISTRY_COMPATIBILITY,
    // Confluent-compatible ids are contentIds: the ids the Apicurio converter in Connect writes and
    // reads (connect-config/avro-converter.ts), so each side reads the other's records.
    'apicurio.ccompat.legacy-id-mode.enabled': false,
    // Tests and tools delete the subjects they registered.
    'apicurio.rest.deletion.artifact.enabled': true,
    'apicurio.rest.deletion.artifact-version.enabled': true,
  });
}

/**
 * The Java to run the registry with: the machine's or an installed JDK when one is new
 * enough, else the one prepare installed from PyPI (installing it when `install` is set).
 */
async function registryJava(ctx: StackContext, install: boolean): Promise<JavaRuntime> {
  const installedJava = await javaAtLeast(JAVA_MIN);
  if (installedJava !== undefined) return installedJava;
  const system = await systemJava();
  const why = `Apicurio Registry ${VERSIONS.apicurio} needs Java ${JAVA_MIN}+ and ${system === undefined ? 'this machine has no java' : `this machine's java is ${system.major}`}`;
  if (install) return installPypiJava(ctx, 'registry', jreDir(ctx), why);
  const installed = await pypiJava(jreDir(ctx));
  if (installed === undefined) throw new StackError('missing-tool', 'registry', why, 'run `medallion stack up registry`, whose prepare step installs one, or point JAVA_HOME at a Java 21+ runtime');
  return installed;
}

async function compatibility(ctx: StackContext): Promise<string | undefined> {
  const answer = await httpGet(`${stackEndpoints(ctx.ports, ctx.dirs.home).registry.ccompatUrl}/config`);
  if (answer?.status !== 200) return undefined;
  return (JSON.parse(answer.body) as { compatibilityLevel?: string }).compatibilityLevel;
}

async function registryHealth(ctx: StackContext): Promise<Health> {
  const pid = daemonPid(ctx, 'registry');
  if (pid === undefined) return { healthy: false, detail: 'not running' };
  const url = `${stackEndpoints(ctx.ports, ctx.dirs.home).registry.ccompatUrl}/subjects`;
  const answer = await httpGet(url);
  if (answer?.status !== 200) return { healthy: false, detail: `pid ${pid}, GET ${url} ${answer === undefined ? 'does not answer' : `answers ${answer.status}`}` };
  return { healthy: true, detail: `pid ${pid}, Apicurio Registry ${VERSIONS.apicurio}, ${(JSON.parse(answer.body) as unknown[]).length} subjects` };
}

export const registry: Service = {
  name: 'registry',
  dependsOn: ['kafka'],
  ports: (ctx) => [ctx.ports.registry],
  address: (ctx) => stackEndpoints(ctx.ports, ctx.dirs.home).registry.ccompatUrl,

  async prepare(ctx) {
    await registryJava(ctx, true);
    const dir = appDir(ctx);
    if (isPrepared(dir, FETCH_PROPERTIES)) return;
    clearPrepared(dir);
    await mavenFetch(ctx, 'registry', { pom: 'registry', libDir: dir, properties: FETCH_PROPERTIES, what: `Apicurio Registry ${VERSIONS.apicurio} (io.apicurio:apicurio-registry-app:tar.gz:all)` });
    markPrepared(dir, FETCH_PROPERTIES);
  },

  async start(ctx) {
    const java = await registryJava(ctx, false);
    writeConfig(path.join(runDir(ctx), 'config', 'application.properties'), applicationProperties(ctx));
    const spec = jvmDaemonSpec({
      java: java.command,
      heap: HEAP,
      main: { jar: path.join(appDir(ctx), 'quarkus-run.jar') },
      systemProperties: { 'java.util.logging.manager': 'org.jboss.logmanager.LogManager' },
      cwd: runDir(ctx),
    });
    const logOffset = existsSync(logFile(ctx, 'registry')) ? statSync(logFile(ctx, 'registry')).size : 0;
    const pid = spawnDaemon(ctx, 'registry', spec);
    const fix = 'see .medallion/logs/registry.log; the registry keeps its schemas in Kafka (topic _registry-journal), so Kafka must be healthy first';
    // Its HTTP API answers before it has replayed the journal; until then it would serve no schemas.
    const bootstrapped = (): boolean => readFileSync(logFile(ctx, 'registry')).subarray(logOffset).includes(STORAGE_BOOTSTRAPPED);
    await awaitDaemon(ctx, 'registry', pid, async () => bootstrapped() && (await registryHealth(ctx)).healthy, { timeoutMs: START_TIMEOUT_MS, fix });
    const level = await compatibility(ctx);
    if (level !== REGISTRY_COMPATIBILITY) {
      throw new StackError('bad-config', 'registry', `the global compatibility is ${level ?? 'unknown'}, not ${REGISTRY_COMPATIBILITY}`, `set it: curl -X PUT -H 'Content-Type: application/json' -d '{"compatibility":"${REGISTRY_COMPATIBILITY}"}' ${stackEndpoints(ctx.ports, ctx.dirs.home).registry.ccompatUrl}/config`);
    }
  },

  health: registryHealth,
  stop: (ctx) => stopDaemon(ctx, 'registry'),
};
