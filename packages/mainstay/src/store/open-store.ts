import { isAbsolute, resolve } from 'node:path';
import type { DbConfig } from '../config/mainstay-config.js';
import type { MainstayStore } from './mainstay-store.js';
import { PostgresMainstayStore } from './postgres-store.js';
import { SqliteMainstayStore } from './sqlite-store.js';

export interface OpenStoreOptions {
  /** Directory a relative SQLite path is resolved against (e.g. conf.json's folder); default: as given. */
  readonly baseDir?: string;
}

/** Open the store conf.json's `db` section describes (SQLite by default, or PostgreSQL). */
export async function openMainstayStore(db: DbConfig, options: OpenStoreOptions = {}): Promise<MainstayStore> {
  if (db.type === 'postgres') {
    return PostgresMainstayStore.open({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.name });
  }
  const path = db.path === ':memory:' || isAbsolute(db.path) || options.baseDir === undefined ? db.path : resolve(options.baseDir, db.path);
  return SqliteMainstayStore.open(path);
}
