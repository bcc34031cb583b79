import { request, Agent, type IncomingHttpHeaders } from 'node:http';
import { JsonNumber, type JsonValue } from '@ocean-ts/core';
import { registerControlMethods } from '../../../src/rpc/server/control-methods.js';
import { HttpRpcServer, type HttpRpcServerOptions } from '../../../src/rpc/server/http-rpc-server.js';
import { JsonRpcHandler, type JsonRpcHandlerOptions } from '../../../src/rpc/server/json-rpc-handler.js';
import { MethodTable } from '../../../src/rpc/server/method-table.js';
import { RpcError } from '../../../src/rpc/server/rpc-error.js';
import type { RpcMethod } from '../../../src/rpc/server/rpc-method.js';

/** The non-ASCII credentials the original's functional-test harness writes into ocean.conf. */
export const USER = 'rpcuser💻0';
export const PASSWORD = 'rpcpass🔑0';

export function basicAuth(user: string, password: string): string {
  return 'Basic ' + Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
}

export const GOOD_AUTH = basicAuth(USER, PASSWORD);

/** A gate a test opens to let blocked handlers finish. */
export class Gate {
  #open!: () => void;
  readonly opened = new Promise<void>((resolve) => (this.#open = resolve));
  entered = 0;
  running = 0;
  maxRunning = 0;
  open(): void {
    this.#open();
  }
}

/** Methods used by the tests besides help/stop/uptime. */
export function testMethods(gate: Gate): RpcMethod[] {
  return [
    {
      name: 'echo',
      category: 'hidden',
      argNames: ['arg0', 'arg1', 'arg2', 'arg3', 'arg4', 'arg5', 'arg6', 'arg7', 'arg8', 'arg9'],
      okSafeMode: true,
      help: 'echo "message" ...\n\nReturns its arguments unchanged (testing aid).',
      handler: (params) => [...params],
    },
    {
      name: 'getbalance',
      category: 'wallet',
      argNames: [],
      okSafeMode: false,
      help: 'getbalance\n\nA fixed amount (testing aid).',
      maxArgs: 0,
      handler: () => JsonNumber.parse('5000.00000000'),
    },
    {
      name: 'getblockcount',
      category: 'blockchain',
      argNames: [],
      okSafeMode: true,
      help: 'getblockcount\n\nA fixed height (testing aid).',
      maxArgs: 0,
      handler: () => JsonNumber.of(101),
    },
    {
      name: 'throwplain',
      category: 'util',
      argNames: ['message'],
      okSafeMode: true,
      help: 'throwplain "message"\n\nThrows a plain Error.',
      handler: (params) => {
        throw new Error(typeof params[0] === 'string' ? params[0] : 'boom');
      },
    },
    {
      name: 'throwrpc',
      category: 'util',
      argNames: [],
      okSafeMode: true,
      help: 'throwrpc\n\nThrows an RpcError.',
      handler: async () => {
        await Promise.resolve();
        throw new RpcError(-5, 'Invalid Bitcoin address');
      },
    },
    {
      name: 'block',
      category: 'util',
      argNames: ['tag'],
      okSafeMode: true,
      help: 'block ( tag )\n\nWaits until the test opens the gate, then returns its argument.',
      handler: async (params) => {
        gate.entered++;
        gate.running++;
        gate.maxRunning = Math.max(gate.maxRunning, gate.running);
        try {
          await gate.opened;
          return params[0] ?? null;
        } finally {
          gate.running--;
        }
      },
    },
  ];
}

export interface TestServer {
  readonly server: HttpRpcServer;
  readonly handler: JsonRpcHandler;
  readonly table: MethodTable;
  readonly port: number;
  readonly gate: Gate;
  shutdowns: number;
  close(): Promise<void>;
}

export interface TestServerOptions {
  readonly handler?: JsonRpcHandlerOptions;
  readonly server?: Partial<Omit<HttpRpcServerOptions, 'handler'>>;
  readonly clock?: () => number;
}

/** Start a server with the test methods on 127.0.0.1, ephemeral port, not in warm-up. */
export async function startServer(options: TestServerOptions = {}): Promise<TestServer> {
  const gate = new Gate();
  const table = new MethodTable();
  const state = { shutdowns: 0 };
  registerControlMethods(table, {
    shutdown: () => {
      state.shutdowns++;
    },
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
  });
  table.registerAll(testMethods(gate));
  const handler = new JsonRpcHandler(table, { warmupStatus: null, ...options.handler });
  const server = new HttpRpcServer({
    handler,
    authenticator: { check: (u, p) => u === USER && p === PASSWORD },
    authFailureDelayMs: 20,
    ...options.server,
  });
  const [address] = await server.listen([{ host: '127.0.0.1', port: 0 }]);
  if (address === undefined) throw new Error('not listening');
  return {
    server,
    handler,
    table,
    port: address.port,
    gate,
    get shutdowns() {
      return state.shutdowns;
    },
    close: () => server.close(),
  };
}

export interface HttpReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface PostOptions {
  readonly auth?: string | null;
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly agent?: Agent | false;
  readonly host?: string;
}

/** Send one HTTP request (default: POST / with the good credentials, no connection reuse). */
export function post(port: number, body: string | Uint8Array, options: PostOptions = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...options.headers };
    const auth = options.auth === undefined ? GOOD_AUTH : options.auth;
    if (auth !== null) headers['Authorization'] = auth;
    const req = request(
      {
        host: options.host ?? '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path ?? '/',
        headers,
        agent: options.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A JSON-RPC call body as the original's Python test client sends it. */
export function call(method: string, params: string = '[]', id: string = '1'): string {
  return `{"version":"1.1","method":${JSON.stringify(method)},"params":${params},"id":${id}}`;
}

export function errorBody(code: number, message: string, id: string = 'null'): string {
  return `{"result":null,"error":{"code":${code},"message":${JSON.stringify(message)}},"id":${id}}\n`;
}

export function resultBody(result: string, id: string = '1'): string {
  return `{"result":${result},"error":null,"id":${id}}\n`;
}

/** Waits until `predicate` holds (polling), failing after `ms`. */
export async function waitFor(predicate: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export type { JsonValue };
