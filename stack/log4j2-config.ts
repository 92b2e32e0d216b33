import { renderProperties } from './java-properties.ts';

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/**
 * A Log4j 2 configuration (properties format) for a Kafka or Connect JVM: everything to
 * stdout, which the process supervisor appends to the service's log; `quieter` turns
 * chatty loggers down.
 */
export function log4j2Properties(origin: string, root: LogLevel, quieter: Readonly<Record<string, LogLevel>>, pattern = '[%d] %p %m (%c)%n'): string {
  const loggers = Object.entries(quieter).flatMap(([name, level], i) => [
    [`logger.l${i}.name`, name],
    [`logger.l${i}.level`, level],
  ]);
  return renderProperties(origin, {
    status: 'warn',
    'appender.stdout.type': 'Console',
    'appender.stdout.name': 'STDOUT',
    'appender.stdout.target': 'SYSTEM_OUT',
    'appender.stdout.layout.type': 'PatternLayout',
    'appender.stdout.layout.pattern': pattern,
    'rootLogger.level': root,
    'rootLogger.appenderRef.stdout.ref': 'STDOUT',
    ...Object.fromEntries(loggers),
  });
}
