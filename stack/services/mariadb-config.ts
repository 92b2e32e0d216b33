import path from 'node:path';
import mysql from 'mysql2/promise';
import type { StackEndpoints } from '../../config/stack-endpoints.ts';
import { LOOPBACK } from '../../config/ports.ts';
import type { StackContext } from '../service.ts';

/** Where the stack's own MariaDB instance keeps its files, apart from any system MariaDB. */
export interface MariadbPaths {
  readonly config: string;
  readonly dataDir: string;
  /** Socket and the server's own pid file: a folder the server's account can write. */
  readonly runDir: string;
  readonly socket: string;
}

export function mariadbPaths(ctx: Pick<StackContext, 'dirs'>): MariadbPaths {
  const runDir = path.join(ctx.dirs.run, 'mariadb');
  return {
    config: path.join(ctx.dirs.home, 'mariadb.cnf'),
    dataDir: path.join(ctx.dirs.data, 'mariadb'),
    runDir,
    socket: path.join(runDir, 'mariadbd.sock'),
  };
}

/**
 * The instance's option file, passed with --defaults-file so /etc/mysql is never
 * read. The binlog settings are those Debezium's MariaDB connector documents:
 * row events with full images, a server id, GTIDs (always on in MariaDB) kept
 * strict, and ten days of retention so a stopped connector can catch up.
 */
export function mariadbConfig(ctx: StackContext, paths: MariadbPaths, osUser: string | undefined): string {
  const settings: Record<string, string | number> = {
    ...(osUser === undefined ? {} : { user: osUser }),
    datadir: paths.dataDir,
    socket: paths.socket,
    'pid-file': path.join(paths.runDir, 'mariadbd.pid'),
    // Temporary files where the server's account can write: a machine's /tmp may not let it.
    tmpdir: paths.runDir,
    'bind-address': LOOPBACK,
    port: ctx.ports.mariadb,
    server_id: 1,
    log_bin: path.join(paths.dataDir, 'mariadb-bin'),
    binlog_format: 'ROW',
    binlog_row_image: 'FULL',
    binlog_annotate_row_events: 'ON',
    binlog_expire_logs_seconds: 864_000,
    log_slave_updates: 'ON',
    gtid_strict_mode: 'ON',
    'character-set-server': 'utf8mb4',
    'collation-server': 'utf8mb4_unicode_ci',
    max_connections: 100,
    innodb_buffer_pool_size: '128M',
    innodb_log_file_size: '48M',
  };
  const lines = Object.entries(settings).map(([name, value]) => `${name} = ${value}`);
  return ['# Written by the medallion stack (stack/services/mariadb-config.ts) on every start; edits are lost.', '[mariadbd]', ...lines, ''].join('\n');
}

/**
 * Statements mariadb-install-db runs after creating the system tables: the root
 * password for TCP (the OS root keeps socket login), the operational database,
 * and Debezium's user with the grants its documentation lists.
 */
export function mariadbInitSql(endpoint: StackEndpoints['mariadb']): string {
  const { root, cdc } = endpoint;
  const account = (user: string, host: string): string => `${mysql.escape(user)}@${mysql.escape(host)}`;
  return [
    // Bootstrap runs without the grant tables loaded; account statements need them.
    'FLUSH PRIVILEGES;',
    `ALTER USER ${account(root.user, 'localhost')} IDENTIFIED VIA mysql_native_password USING PASSWORD(${mysql.escape(root.password)}) OR unix_socket;`,
    `CREATE DATABASE IF NOT EXISTS ${mysql.escapeId(endpoint.database)} CHARACTER SET utf8mb4;`,
    `CREATE USER IF NOT EXISTS ${account(cdc.user, '%')} IDENTIFIED BY ${mysql.escape(cdc.password)};`,
    // REPLICATION CLIENT is called BINLOG MONITOR since MariaDB 10.5; the grant accepts the old name.
    `GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO ${account(cdc.user, '%')};`,
    '',
  ].join('\n');
}
