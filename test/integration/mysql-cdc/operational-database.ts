import mysql from 'mysql2/promise';
import { stackEndpoints } from '../../../config/stack-endpoints.ts';
import { hex } from '../connectors/connectors-kit.ts';

const endpoint = stackEndpoints().mariadb;

/** A database of its own on the stack's MariaDB, with the operational tables as generator/mysql-dump.ts creates them. */
export class OperationalDatabase {
  readonly name = `test_cdc_${hex()}`;
  private connection: mysql.Connection | undefined;

  /** The MEDALLION_MYSQL_URL that points the connector files at this database (through `port`, e.g. a proxy's). */
  url(port: number = endpoint.port): string {
    return `mysql://${endpoint.root.user}:${endpoint.root.password}@${endpoint.host}:${port}/${this.name}`;
  }

  async create(): Promise<this> {
    this.connection = await mysql.createConnection({ host: endpoint.host, port: endpoint.port, user: endpoint.root.user, password: endpoint.root.password, multipleStatements: true });
    await this.connection.query(`CREATE DATABASE ${this.name} CHARACTER SET utf8mb4; USE ${this.name};
      CREATE TABLE categories (CategoryID INT NOT NULL, CategoryName VARCHAR(100) NOT NULL, PRIMARY KEY (CategoryID)) ENGINE=InnoDB;
      CREATE TABLE cities (CityID INT NOT NULL, CityName VARCHAR(100) NOT NULL, Zipcode VARCHAR(10) NULL, CountryID INT NOT NULL, PRIMARY KEY (CityID)) ENGINE=InnoDB;`);
    return this;
  }

  async query(sql: string, values: unknown[] = []): Promise<void> {
    await this.connection!.query(sql, values);
  }

  async drop(): Promise<void> {
    await this.connection?.query(`DROP DATABASE IF EXISTS ${this.name}`);
    await this.connection?.end();
  }
}
