/**
 * The connector and converter plugins connector configs name, by class: the stack's
 * Connect worker installs these (stack/services/connect.ts) and checks it holds them.
 */
export const CONNECT_PLUGINS = {
  mariadbSource: 'io.debezium.connector.mariadb.MariaDbConnector',
  jdbcSink: 'io.debezium.connector.jdbc.JdbcSinkConnector',
  fileSource: 'org.apache.kafka.connect.file.FileStreamSourceConnector',
  fileSink: 'org.apache.kafka.connect.file.FileStreamSinkConnector',
  apicurioAvroConverter: 'io.apicurio.registry.utils.converter.AvroConverter',
} as const;
