import path from 'node:path';
import { CONNECT_PLUGINS } from '../../connect-config/connect-plugins.ts';
import { secretProviderProperties, stackWorkerSecrets } from '../../connect-config/worker-secrets.ts';
import { awaitDaemon } from '../await-daemon.ts';
import { stackEndpoints } from '../../config/stack-endpoints.ts';
import { httpGet } from '../http-probe.ts';
import { renderProperties, writeConfig } from '../java-properties.ts';
import { requireJava } from '../java.ts';
import { jvmDaemonSpec } from '../jvm-launch.ts';
import { javaKafkaSettings } from '../kafka-java-settings.ts';
import { log4j2Properties } from '../log4j2-config.ts';
import { mavenFetch } from '../maven-fetch.ts';
import { LOOPBACK } from '../../config/ports.ts';
import { clearPrepared, isPrepared, markPrepared } from '../prepared-marker.ts';
import { daemonPid, logTail, spawnDaemon, stopDaemon } from '../process-supervisor.ts';
import type { Health, Service, StackContext } from '../service.ts';
import { StackError } from '../stack-error.ts';
import { VERSIONS } from '../versions.ts';

const JAVA_MIN = 17;
const HEAP = '768m';
// The first start creates the internal topics and scans every plugin.
const START_TIMEOUT_MS = 180_000;
// Tasks get this long to commit their offsets and stop.
const SHUTDOWN_GRACE_MS = 30_000;

/** The worker's group and internal topics (compacted, one replica: one broker). */
export const CONNECT_CLUSTER = {
  groupId: 'medallion-connect',
  configTopic: '_connect-configs',
  offsetTopic: '_connect-offsets',
  statusTopic: '_connect-status',
} as const;

const FETCH_PROPERTIES = {
  'kafka.version': VERSIONS.kafka,
  'slf4j.version': VERSIONS.slf4j,
  'log4j.version': VERSIONS.log4j,
  'debezium.version': VERSIONS.debezium,
  'apicurio-converter.version': VERSIONS.apicurioConverter,
  'dependency-plugin.version': VERSIONS.mavenDependencyPlugin,
  'antrun-plugin.version': VERSIONS.mavenAntrunPlugin,
};

const libDir = (ctx: StackContext): string => path.join(ctx.dirs.lib, 'connect');
const pluginDir = (ctx: StackContext): string => path.join(libDir(ctx), 'plugins');
const confDir = (ctx: StackContext): string => path.join(ctx.dirs.run, 'connect');

/**
 * How the worker reaches Kafka, for itself and for the producers, consumers and admin
 * clients it makes for connectors (each reads only its own prefix): nothing on a plain
 * stack, SASL_SSL with the home's login on a secure one.
 */
function workerKafkaSecurity(settings: Readonly<Record<string, string>>): Record<string, string> {
  const java = Object.entries(javaKafkaSettings(settings));
  return Object.fromEntries(['', 'producer.', 'consumer.', 'admin.'].flatMap((prefix) => java.map(([key, value]) => [`${prefix}${key}`, value])));
}

function workerProperties(ctx: StackContext): string {
  const { kafka } = stackEndpoints(ctx.ports, ctx.dirs.home);
  return renderProperties('stack/services/connect.ts', {
    'bootstrap.servers': kafka.bootstrapServers,
    ...workerKafkaSecurity(kafka.settings),
    'group.id': CONNECT_CLUSTER.groupId,
    'config.storage.topic': CONNECT_CLUSTER.configTopic,
    'offset.storage.topic': CONNECT_CLUSTER.offsetTopic,
    'status.storage.topic': CONNECT_CLUSTER.statusTopic,
    'config.storage.replication.factor': 1,
    'offset.storage.replication.factor': 1,
    'status.storage.replication.factor': 1,
    'offset.storage.partitions': 5,
    // Worker defaults; each connector names its own converters (connect-config/).
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'offset.flush.interval.ms': 1_000,
    listeners: `http://${LOOPBACK}:${ctx.ports.connect}`,
    'rest.advertised.host.name': LOOPBACK,
    'rest.advertised.port': ctx.ports.connect,
    'plugin.path': pluginDir(ctx),
    // Find plugins by their ServiceLoader manifests rather than scanning every class at each start
    // (half a minute on two cores); stack/maven/apicurio-converter adds the one manifest missing.
    'plugin.discovery': 'service_load',
    // Connector configs name secrets as ${env:…} placeholders, resolved here (connect-config/worker-secrets.ts).
    ...secretProviderProperties(),
  });
}

function log4jProperties(): string {
  return log4j2Properties(
    'stack/services/connect.ts',
    'INFO',
    {
      // Every client, connector and task logs its whole configuration: hundreds of lines each.
      'org.apache.kafka.common.config.AbstractConfig': 'WARN',
      'org.apache.kafka.clients': 'WARN',
      'org.apache.kafka.connect.runtime.isolation': 'WARN',
      'org.reflections': 'ERROR',
      'org.eclipse.jetty': 'WARN',
      'org.hibernate': 'WARN',
    },
    '[%d] %p %X{connector.context}%m (%c)%n',
  );
}

async function workerHealth(ctx: StackContext): Promise<Health> {
  const pid = daemonPid(ctx, 'connect');
  if (pid === undefined) return { healthy: false, detail: 'not running' };
  const url = stackEndpoints(ctx.ports, ctx.dirs.home).connect.url;
  const answer = await httpGet(`${url}/`);
  if (answer?.status !== 200) return { healthy: false, detail: `pid ${pid}, GET ${url}/ ${answer === undefined ? 'does not answer' : `answers ${answer.status}`}` };
  const { version } = JSON.parse(answer.body) as { version?: string };
  return { healthy: true, detail: `pid ${pid}, Kafka Connect ${version ?? '?'} (distributed, group ${CONNECT_CLUSTER.groupId})` };
}

/** The plugin classes the running worker lists (connectors, converters and transforms). */
async function listedPlugins(ctx: StackContext): Promise<string[] | undefined> {
  const answer = await httpGet(`${stackEndpoints(ctx.ports, ctx.dirs.home).connect.url}/connector-plugins?connectorsOnly=false`, 10_000);
  if (answer?.status !== 200) return undefined;
  return (JSON.parse(answer.body) as { class: string }[]).map((plugin) => plugin.class);
}

export const connect: Service = {
  name: 'connect',
  dependsOn: ['kafka', 'registry'],
  ports: (ctx) => [ctx.ports.connect],
  address: (ctx) => stackEndpoints(ctx.ports, ctx.dirs.home).connect.url,

  async prepare(ctx) {
    await requireJava('connect', JAVA_MIN);
    const dir = libDir(ctx);
    if (isPrepared(dir, FETCH_PROPERTIES)) return;
    clearPrepared(dir);
    await mavenFetch(ctx, 'connect', {
      pom: 'connect',
      libDir: dir,
      properties: FETCH_PROPERTIES,
      what: `Kafka Connect ${VERSIONS.kafka} with Debezium ${VERSIONS.debezium} (MariaDB source, JDBC sink) and FileStream connectors`,
    });
    await mavenFetch(ctx, 'connect', {
      pom: 'apicurio-converter',
      libDir: path.join(pluginDir(ctx), 'apicurio-converter'),
      properties: FETCH_PROPERTIES,
      what: `the Apicurio converter ${VERSIONS.apicurioConverter} (io.apicurio:apicurio-registry-utils-converter)`,
    });
    markPrepared(dir, FETCH_PROPERTIES);
  },

  async start(ctx) {
    const java = await requireJava('connect', JAVA_MIN);
    const workerConfig = writeConfig(path.join(confDir(ctx), 'connect-distributed.properties'), workerProperties(ctx));
    const log4jConfig = writeConfig(path.join(confDir(ctx), 'log4j2.properties'), log4jProperties());
    const pid = spawnDaemon(ctx, 'connect', {
      ...jvmDaemonSpec({
        java: java.command,
        heap: HEAP,
        main: { classpath: [path.join(libDir(ctx), 'classpath', '*')], className: 'org.apache.kafka.connect.cli.ConnectDistributed' },
        systemProperties: { 'log4j2.configurationFile': log4jConfig },
        args: [workerConfig],
      }),
      env: stackWorkerSecrets(stackEndpoints(ctx.ports, ctx.dirs.home)),
    });
    let plugins: string[] | undefined;
    await awaitDaemon(ctx, 'connect', pid, async () => (await workerHealth(ctx)).healthy && (plugins = await listedPlugins(ctx)) !== undefined, {
      timeoutMs: START_TIMEOUT_MS,
      fix: 'see .medallion/logs/connect.log; Connect needs Kafka healthy first',
    });
    const missing = Object.values(CONNECT_PLUGINS).filter((plugin) => !(plugins ?? []).includes(plugin));
    if (missing.length > 0) {
      throw new StackError('start-failed', 'connect', `the worker does not list the plugins ${missing.join(', ')} from ${pluginDir(ctx)}:\n${logTail(ctx, 'connect')}`, `remove ${libDir(ctx)} so the next stack up fetches the plugins again`);
    }
  },

  health: workerHealth,
  stop: (ctx) => stopDaemon(ctx, 'connect', SHUTDOWN_GRACE_MS),
};
