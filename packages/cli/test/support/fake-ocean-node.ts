import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { JsonObject, parseJson, writeJson, type JsonValue } from '@ocean-ts/core';

/** A call the fake node received: its headers and parsed request object. */
export interface SeenCall {
  readonly authorization: string | undefined;
  readonly body: string;
  readonly method: string;
  readonly params: JsonValue;
}

export interface FakeNodeOptions {
  /** Accepted `user:password` (default `u:p`). */
  readonly auth?: string;
  /** Answer this many calls with -28 "Loading block index..." first. */
  readonly warmupCalls?: number;
  /** Listen on this port instead of an ephemeral one. */
  readonly port?: number;
}

/**
 * A tiny JSON-RPC server on 127.0.0.1 (ephemeral port) speaking like oceand: 401 with an empty
 * body on bad credentials, 500 + JSON error object on RPC errors, 404 for unknown methods. Methods:
 * `getblockcount` → 101, `getbestblockhash` → a hex string, `getinfo` → an object with exact amounts,
 * `listthings` → array of objects, `ping` → null, `echo`/`echojson` → the params, `fail` → -8,
 * `failnomessage` → error without message, `failbadcode` → error code not an integer, `stop` → a
 * string, `slow` → answers after 3 s, `hangup` → closes the connection, `html500` → a non-JSON 500,
 * `teapot` → 418, `empty` → 200 with an empty body, `notobject` → `[1]`, `emptyobject` → `{}`.
 */
export class FakeOceanNode {
  readonly calls: SeenCall[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((req, res) => this.onRequest(req, res));
  private warmupLeft: number;
  private readonly auth: string;
  port = 0;

  constructor(options: FakeNodeOptions = {}) {
    this.auth = 'Basic ' + Buffer.from(options.auth ?? 'u:p', 'utf8').toString('base64');
    this.warmupLeft = options.warmupCalls ?? 0;
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(options: FakeNodeOptions = {}): Promise<FakeOceanNode> {
    const node = new FakeOceanNode(options);
    await new Promise<void>((resolve) => node.server.listen(options.port ?? 0, '127.0.0.1', resolve));
    node.port = (node.server.address() as AddressInfo).port;
    return node;
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.headers.authorization !== this.auth) return send(res, 401, '', 'text/html; charset=ISO-8859-1');
      const request = parseJson(body) as JsonObject;
      const method = request.get('method') as string;
      const params = request.get('params') ?? null;
      this.calls.push({ authorization: req.headers.authorization, body, method, params });
      const id = writeJson(request.get('id') ?? null);
      const ok = (result: string) => send(res, 200, `{"result":${result},"error":null,"id":${id}}\n`);
      const err = (status: number, error: string) => send(res, status, `{"result":null,"error":${error},"id":${id}}\n`);
      if (this.warmupLeft > 0) {
        this.warmupLeft--;
        return err(500, '{"code":-28,"message":"Loading block index..."}');
      }
      switch (method) {
        case 'getblockcount': return ok('101');
        case 'getbestblockhash': return ok('"0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206"');
        case 'getinfo': return ok('{"version":140201,"balance":{"CBT":21000000.00000000},"paytxfee":0.00000000,"errors":""}');
        case 'listthings': return ok('[{"a":1,"b":[]},{}]');
        case 'ping': return ok('null');
        case 'stop': return ok('"Ocean server stopping"');
        case 'echo':
        case 'echojson':
          return ok(writeJson(params));
        case 'fail': return err(500, '{"code":-8,"message":"Block height out of range"}');
        case 'failnomessage': return err(500, '{"code":-5}');
        case 'failbadcode': return err(500, '{"code":"x","message":"m"}');
        case 'slow':
          setTimeout(() => ok('"late"'), 3000).unref();
          return;
        case 'hangup': return void res.socket?.destroy();
        case 'html500': return send(res, 500, '<html>boom</html>', 'text/html');
        case 'teapot': return send(res, 418, '', 'text/plain');
        case 'empty': return send(res, 200, '');
        case 'notobject': return send(res, 200, '[1]');
        case 'emptyobject': return send(res, 200, '{}');
        default: return err(404, '{"code":-32601,"message":"Method not found"}');
      }
    });
  }
}

function send(res: ServerResponse, status: number, body: string, contentType = 'application/json'): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Run `fn` with a fake node that is always closed. */
export async function withFakeNode<T>(options: FakeNodeOptions, fn: (node: FakeOceanNode) => Promise<T>): Promise<T> {
  const node = await FakeOceanNode.start(options);
  try {
    return await fn(node);
  } finally {
    await node.close();
  }
}

/** A loopback port nothing listens on (bound, then released). */
export async function unusedPort(): Promise<number> {
  const node = await FakeOceanNode.start();
  const port = node.port;
  await node.close();
  return port;
}
