import { PostgresMainstayStore } from '../store/postgres-store.js';
import { SqliteMainstayStore } from '../store/sqlite-store.js';
import type { MainstayStore } from '../store/mainstay-store.js';
import { openMainstayStore } from '../store/open-store.js';
import { loadMainstayConfig, type ConfigEnv, type DbConfig } from '../config/index.js';

/**
 * Open a store from a `-db` value: `sqlite:<path>` (or a bare path) for the embedded store, or
 * `postgres://user:password@host:port/name` for PostgreSQL.
 */
export async function openStoreFromSpec(spec: string): Promise<MainstayStore> {
  if (spec.startsWith('postgres://') || spec.startsWith('postgresql://')) {
    const url = new URL(spec);
    return PostgresMainstayStore.open({
      host: url.hostname,
      port: url.port === '' ? 5432 : Number(url.port),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: decodeURIComponent(url.pathname.replace(/^\//, '')),
    });
  }
  const path = spec.startsWith('sqlite:') ? spec.slice('sqlite:'.length) : spec;
  if (path === '') throw new Error('-db: empty SQLite path');
  return SqliteMainstayStore.open(path);
}

/** The store a `db` config section names (a relative SQLite path is taken from the working directory). */
export async function openStoreFromConfig(db: DbConfig): Promise<MainstayStore> {
  return openMainstayStore(db);
}

/** The store named by a tool's `-db` (or `-conf`) flag. */
export async function openStoreFromFlags(flags: { db?: string; conf?: string }, env: ConfigEnv): Promise<MainstayStore> {
  return (await openApiSetup(flags, env)).store;
}

/**
 * The store and the API listen address named by `-db` (store only) or `-conf` (conf.json: its `db`
 * and `api` sections, environment substitution from `env`). `-db` wins over the file's db section.
 */
export async function openApiSetup(flags: { db?: string; conf?: string }, env: ConfigEnv): Promise<{ store: MainstayStore; host?: string; port?: number }> {
  const config = flags.conf === undefined ? undefined : await loadMainstayConfig(flags.conf, env);
  const address = config === undefined ? {} : { host: config.api.host, port: config.api.port };
  if (flags.db !== undefined) return { store: await openStoreFromSpec(flags.db), ...address };
  if (config !== undefined) return { store: await openStoreFromConfig(config.db), ...address };
  throw new Error('no store given: use -db sqlite:<path> (or postgres://…) or -conf <conf.json>');
}
