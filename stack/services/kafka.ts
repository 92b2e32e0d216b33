import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { awaitDaemon } from '../await-daemon.ts';
import { KAFKA_SCRAM_MECHANISM, KAFKA_SECURE_PROTOCOL, stackEndpoints } from '../../config/stack-endpoints.ts';
import { writeConfig, renderProperties } from '../java-properties.ts';
import { requireJava } from '../java.ts';
import { jvmDaemonSpec } from '../jvm-launch.ts';
import { javaKafkaSettings } from '../kafka-java-settings.ts';
import { kafkaAnswers, probeKafka } from '../kafka-probe.ts';
import { kafkaTlsFiles } from '../../config/paths.ts';
import { ensureKafkaTls } from '../kafka-tls.ts';
import { log4j2Properties } from '../log4j2-config.ts';
import { mavenFetch } from '../maven-fetch.ts';
import { LOOPBACK } from '../../config/ports.ts';
import { clearPrepared, isPrepared, markPrepared } from '../prepared-marker.ts';
import { daemonPid, logTail, spawnDaemon, stopDaemon } from '../process-supervisor.ts';
import { runLogged } from '../run-logged.ts';
import { stackSecrets } from '../../config/stack-secrets.ts';
import type { Health, Service, StackContext } from '../service.ts';
import { StackError } from '../stack-error.ts';
import { VERSIONS } from '../versions.ts';

const JAVA_MIN = 17;
const HEAP = '512m';
const NODE_ID = 1;
const START_TIMEOUT_MS = 90_000;
// A clean shutdown flushes and closes the log segments, so the next start skips recovery.
const SHUTDOWN_GRACE_MS = 30_000;

const FETCH_PROPERTIES = {
  'kafka.version': VERSIONS.kafka,
  'scala.version': VERSIONS.scala,
  'slf4j.version': VERSIONS.slf4j,
  'log4j.version': VERSIONS.log4j,
  'dependency-plugin.version': VERSIONS.mavenDependencyPlugin,
};

const libDir = (ctx: StackContext): string => path.join(ctx.dirs.lib, 'kafka');
// Beside meta.properties: this log dir's metadata holds the secure stack's SCRAM login.
const SCRAM_MARKER = 'medallion-scram';

const logDir = (ctx: StackContext): string => path.join(ctx.dirs.data, 'kafka');
const confDir = (ctx: StackContext): string => path.join(ctx.dirs.run, 'kafka');

/**
 * The client listener: PLAINTEXT, or on a secure home SASL_SSL only (SCRAM, the home's
 * certificates), which the broker also uses to reach itself. The controller listener
 * stays plain on loopback: it serves the quorum, not clients' records.
 */
function listenerProperties(ctx: StackContext): Record<string, string> {
  const { kafka: port, kafkaController: controllerPort } = ctx.ports;
  const login = stackSecrets(ctx.dirs.home).kafka;
  const name = login === undefined ? 'PLAINTEXT' : KAFKA_SECURE_PROTOCOL;
  const common = {
    listeners: `${name}://${LOOPBACK}:${port},CONTROLLER://${LOOPBACK}:${controllerPort}`,
    'advertised.listeners': `${name}://${LOOPBACK}:${port}`,
    'listener.security.protocol.map': `${name}:${name},CONTROLLER:PLAINTEXT`,
    'inter.broker.listener.name': name,
  };
  if (login === undefined) return common;
  const tls = kafkaTlsFiles(ctx.dirs.home);
  const mechanism = KAFKA_SCRAM_MECHANISM;
  return {
    ...common,
    'sasl.enabled.mechanisms': mechanism,
    'sasl.mechanism.inter.broker.protocol': mechanism,
    [`listener.name.${name.toLowerCase()}.${mechanism.toLowerCase()}.sasl.jaas.config`]: javaKafkaSettings(stackEndpoints(ctx.ports, ctx.dirs.home).kafka.settings)['sasl.jaas.config'] ?? '',
    'ssl.keystore.type': 'PEM',
    'ssl.keystore.location': tls.broker,
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': tls.ca,
  };
}

/** One node that is both broker and controller, on loopback, with single-node replication settings. */
function serverProperties(ctx: StackContext): string {
  const { kafkaController: controllerPort } = ctx.ports;
  return renderProperties('stack/services/kafka.ts', {
    'process.roles': 'broker,controller',
    'node.id': NODE_ID,
    'controller.quorum.voters': `${NODE_ID}@${LOOPBACK}:${controllerPort}`,
    ...listenerProperties(ctx),
    'controller.listener.names': 'CONTROLLER',
    'log.dirs': logDir(ctx),
    // One replica of everything, the internal topics included (transactions are used here).
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    // Topics are created on purpose (ensureTopics, Connect's topic.creation), never by a typo.
    'auto.create.topics.enable': false,
    // No waiting for more members to join a new consumer group: there is one machine.
    'group.initial.rebalance.delay.ms': 0,
    'num.network.threads': 2,
    'num.io.threads': 4,
    'num.recovery.threads.per.data.dir': 1,
  });
}

function log4jProperties(): string {
  return log4j2Properties('stack/services/kafka.ts', 'INFO', {
    'kafka.request.logger': 'WARN',
    'state.change.logger': 'WARN',
    'org.apache.kafka.storage.internals.log': 'WARN',
    'org.apache.kafka.raft': 'WARN',
    'org.apache.kafka.controller': 'WARN',
    'org.apache.kafka.image.loader': 'WARN',
    'org.apache.kafka.metadata': 'WARN',
    'kafka.coordinator': 'WARN',
    // Every client and server logs its whole configuration at start: hundreds of lines.
    'org.apache.kafka.common.config.AbstractConfig': 'WARN',
    'org.apache.kafka.coordinator': 'WARN',
  });
}

/** A cluster id as Kafka makes them: 16 random bytes, base64url; never starting with "-", which reads as a flag. */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * Formats the log dir on first start (KRaft refuses an unformatted one). A secure home's
 * SCRAM login is written into the cluster's metadata here, as KRaft takes it before any
 * listener is up; so a log dir formatted plain cannot be made secure later.
 */
async function formatLogDir(ctx: StackContext, java: string, classpath: string, serverConfig: string): Promise<void> {
  const login = stackSecrets(ctx.dirs.home).kafka;
  if (existsSync(path.join(logDir(ctx), 'meta.properties'))) {
    if (login !== undefined) assertSecurable(ctx);
    return;
  }
  ctx.report({ kind: 'step', service: 'kafka', message: `formatting the log dir ${logDir(ctx)} (first run only)` });
  const scram = login === undefined ? [] : ['--add-scram', `${KAFKA_SCRAM_MECHANISM}=[name=${login.user},password=${login.password}]`];
  const spec = jvmDaemonSpec({
    java,
    heap: '256m',
    main: { classpath: [classpath], className: 'kafka.tools.StorageTool' },
    systemProperties: { 'log4j2.configurationFile': path.join(confDir(ctx), 'log4j2.properties') },
    args: ['format', '--cluster-id', newClusterId(), '--config', serverConfig, ...scram],
  });
  const exit = await runLogged(ctx, 'kafka', spec);
  if (exit !== 0) {
    throw new StackError('start-failed', 'kafka', `formatting the log dir failed (kafka-storage format exited with ${exit}):\n${logTail(ctx, 'kafka')}`, `remove ${logDir(ctx)} if it holds a broken earlier attempt, then run stack up again`);
  }
  if (login !== undefined) writeFileSync(path.join(logDir(ctx), SCRAM_MARKER), `formatted with the SCRAM login of ${ctx.dirs.home}/secrets.json\n`);
}

/** Refuses to make a home secure whose broker was formatted plain (its metadata holds no SCRAM login, and KRaft takes one only at format). */
export function assertSecurable(ctx: StackContext): void {
  if (existsSync(path.join(logDir(ctx), 'meta.properties')) && !existsSync(path.join(logDir(ctx), SCRAM_MARKER))) {
    throw new StackError('bad-config', 'kafka', `the log dir ${logDir(ctx)} was formatted for a plain broker, without a secure stack's SCRAM login`, `use a new MEDALLION_HOME for the secure stack, or stop this one and remove ${logDir(ctx)} (its topics are lost), then run stack up --secure`);
  }
}

async function brokerHealth(ctx: StackContext): Promise<Health> {
  const pid = daemonPid(ctx, 'kafka');
  if (pid === undefined) return { healthy: false, detail: 'not running' };
  if (stackSecrets(ctx.dirs.home).kafka !== undefined) {
    // Metadata needs a SASL login first; a TLS handshake the home's CA trusts shows the listener serving (it opens once the broker is registered).
    const ready = await kafkaAnswers(stackEndpoints(ctx.ports, ctx.dirs.home).kafka);
    if (!ready) return { healthy: false, detail: `pid ${pid}, no TLS handshake on ${LOOPBACK}:${ctx.ports.kafka} with the CA ${kafkaTlsFiles(ctx.dirs.home).ca}` };
    return { healthy: true, detail: `pid ${pid}, Kafka ${VERSIONS.kafka} KRaft, ${KAFKA_SECURE_PROTOCOL} (${KAFKA_SCRAM_MECHANISM})` };
  }
  const view = await probeKafka(LOOPBACK, ctx.ports.kafka);
  if (view === undefined) return { healthy: false, detail: `pid ${pid}, not answering metadata requests on ${LOOPBACK}:${ctx.ports.kafka}` };
  if (view.brokers === 0 || view.controllerId < 0) return { healthy: false, detail: `pid ${pid}, no broker registered yet` };
  return { healthy: true, detail: `pid ${pid}, Kafka ${VERSIONS.kafka} KRaft, cluster ${view.clusterId ?? '?'}` };
}

export const kafka: Service = {
  name: 'kafka',
  dependsOn: [],
  ports: (ctx) => [ctx.ports.kafka, ctx.ports.kafkaController],
  address: (ctx) => stackEndpoints(ctx.ports, ctx.dirs.home).kafka.bootstrapServers,

  async prepare(ctx) {
    await requireJava('kafka', JAVA_MIN);
    const dir = libDir(ctx);
    if (isPrepared(dir, FETCH_PROPERTIES)) return;
    clearPrepared(dir);
    await mavenFetch(ctx, 'kafka', { pom: 'kafka', libDir: dir, properties: FETCH_PROPERTIES, what: `Apache Kafka ${VERSIONS.kafka} (org.apache.kafka:kafka_${VERSIONS.scala})` });
    markPrepared(dir, FETCH_PROPERTIES);
  },

  async start(ctx) {
    const java = await requireJava('kafka', JAVA_MIN);
    const classpath = path.join(libDir(ctx), 'classpath', '*');
    if (stackSecrets(ctx.dirs.home).kafka !== undefined) await ensureKafkaTls(ctx);
    const serverConfig = writeConfig(path.join(confDir(ctx), 'server.properties'), serverProperties(ctx));
    const log4jConfig = writeConfig(path.join(confDir(ctx), 'log4j2.properties'), log4jProperties());
    await formatLogDir(ctx, java.command, classpath, serverConfig);
    const pid = spawnDaemon(
      ctx,
      'kafka',
      jvmDaemonSpec({
        java: java.command,
        heap: HEAP,
        main: { classpath: [classpath], className: 'kafka.Kafka' },
        systemProperties: { 'log4j2.configurationFile': log4jConfig },
        args: [serverConfig],
      }),
    );
    await awaitDaemon(ctx, 'kafka', pid, async () => (await brokerHealth(ctx)).healthy, {
      timeoutMs: START_TIMEOUT_MS,
      fix: `see .medallion/logs/kafka.log; if the log dir ${logDir(ctx)} is damaged, stop the stack and remove it (topics are lost)`,
    });
  },

  health: brokerHealth,
  stop: (ctx) => stopDaemon(ctx, 'kafka', SHUTDOWN_GRACE_MS),
};
