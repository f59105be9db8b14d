import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { dataSourceOptions } from './data-source-options';

/** For the TypeORM CLI: `typeorm migration:generate -d dist/libs/database/src/data-source.js`. */
export default new DataSource(dataSourceOptions(loadConfig().DATABASE_URL));
