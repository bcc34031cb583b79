/**
 * A fake geth for the Ethereum peg tests: an HTTP JSON-RPC server on an ephemeral loopback port
 * that answers `eth_*` calls from a table the test sets, and records every request (path, headers,
 * parsed body).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readJson } from '../../../core/test/support/vectors.js';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: { method: string; params: unknown[]; id: unknown; jsonrpc?: string };
}

/** A method's answer: `{ result }`, `{ error }`, or a function of the params. */
export type FakeAnswer = { result: unknown } | { error: unknown } | ((params: unknown[]) => { result: unknown } | { error: unknown });

export class FakeGeth {
  readonly requests: RecordedRequest[] = [];
  readonly answers = new Map<string, FakeAnswer>();
  /** HTTP status to reply with (default 200). */
  status = 200;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<FakeGeth> {
    let geth: FakeGeth | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const g = geth!;
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedRequest['body'];
        g.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        let a = g.answers.get(body.method);
        if (typeof a === 'function') a = a(body.params);
        const reply = a === undefined ? { jsonrpc: '2.0', id: body.id, error: { code: -32601, message: `the method ${body.method} does not exist/is not available` } } : { jsonrpc: '2.0', id: body.id, ...a };
        res.writeHead(g.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(reply));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    geth = new FakeGeth(server, (server.address() as AddressInfo).port);
    return geth;
  }

  /** Requests for one method, in order. */
  calls(method: string): RecordedRequest[] {
    return this.requests.filter((r) => r.body.method === method);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The original's unit-test receipts (`src/test/data/ethpegin_*.json`). */
export function ethPeginVector(name: string): unknown {
  return readJson('vectors', 'ocean', `${name}.json`);
}

/** Private key and fed-peg address of the vectors (pegin_witness_tests.cpp). */
export const VECTOR_PRIVKEY = '3ecb44df2159c26e0f995712d4f39b6f6e499b40749b1cf1246c37f9516cb6a4';
export const VECTOR_ETH_ADDRESS = '8a40bfaa73256b60764c1bf40675a99083efb075';
export const VECTOR_FEDPEG = 'efff2561de5ba19d38071addddd9d434b9111160';
/** 3999900000000 base units. */
export const VECTOR_AMOUNT = '39999.00000000';
export const VECTOR_BLOCK = 0x7246e6;
