/**
 * DataSource for the TypeORM CLI only (npm run migration:run / migration:revert / migration:show).
 * It reuses the runtime's options factory; the URL comes from ODCS_DATABASE_URL (or DATABASE_URL).
 */
import 'reflect-metadata';
import { dataSourceOptions } from '@odcs/compose';
import { loadConfig } from '@odcs/config';
import { DataSource } from 'typeorm';

const config = loadConfig();
if (!config.database_url) throw new Error('Set ODCS_DATABASE_URL to the PostgreSQL to migrate.');

export default new DataSource(dataSourceOptions(config.database_url));
