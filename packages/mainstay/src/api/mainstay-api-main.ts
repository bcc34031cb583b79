import type { Secp256k1 } from '@ocean-ts/core';
import type { Logger } from '@ocean-ts/service-kit';
import { FlagError, parseGoFlags } from '../clients/go-flags.js';
import { DEFAULT_API_HOST, DEFAULT_API_PORT } from '../config/index.js';
import type { ToolIo } from '../clients/tool-io.js';
import type { MainstayStore } from '../store/mainstay-store.js';
import { createApiRoutes } from './api-route-table.js';
import { MainstayApiServer } from './mainstay-api-server.js';

export const MAINSTAY_API_USAGE = `Usage of mainstay-api:
  -db string
        store: sqlite:<path> or postgres://user:password@host:port/name
  -conf string
        conf.json whose db (and api) sections configure the server (instead of -db)
  -host string
        listen address (default 127.0.0.1, or conf.json api.host)
  -port int
        listen port, 0 = any free port (default 3000, or conf.json api.port)
`;

/** Where the server should listen and what it serves, resolved from flags and configuration. */
export interface ApiSetup {
  readonly store: MainstayStore;
  readonly host?: string;
  readonly port?: number;
}

export interface MainstayApiDeps {
  readonly io: ToolIo;
  readonly logger: Logger;
  readonly secp: Secp256k1;
  /** Opens the store (and reads any api host/port) named by `-db` / `-conf`. */
  readonly setup: (flags: { db?: string; conf?: string }) => Promise<ApiSetup>;
}

export interface RunningMainstayApi {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Parse the flags, open the store and start the server. Throws `FlagError` for bad flags. */
export async function startMainstayApi(argv: readonly string[], deps: MainstayApiDeps): Promise<RunningMainstayApi> {
  const flags = parseGoFlags(argv, { values: ['db', 'conf', 'host', 'port'] });
  if (flags.rest.length > 0) throw new FlagError(`unexpected argument: ${flags.rest[0]}`);
  const portFlag = flags.values.get('port');
  if (portFlag !== undefined && !/^[0-9]{1,5}$/.test(portFlag)) throw new FlagError(`invalid value "${portFlag}" for flag -port`);
  if (portFlag !== undefined && Number(portFlag) > 65535) throw new FlagError(`invalid value "${portFlag}" for flag -port`);
  const db = flags.values.get('db');
  const conf = flags.values.get('conf');
  const setup = await deps.setup({ ...(db !== undefined ? { db } : {}), ...(conf !== undefined ? { conf } : {}) });
  const host = flags.values.get('host') ?? setup.host ?? DEFAULT_API_HOST;
  const port = portFlag !== undefined ? Number(portFlag) : (setup.port ?? DEFAULT_API_PORT);
  const server = new MainstayApiServer({ routes: createApiRoutes(setup.store, deps.secp, Date.now), logger: deps.logger });
  let bound: { host: string; port: number };
  try {
    bound = await server.listen(port, host);
  } catch (e) {
    await setup.store.close();
    throw e;
  }
  deps.logger.info('mainstay-api listening', { host: bound.host, port: bound.port });
  deps.io.out(`mainstay-api listening on http://${bound.host}:${bound.port}/api/v1\n`);
  return {
    ...bound,
    stop: async () => {
      await server.close();
      await setup.store.close();
    },
  };
}
