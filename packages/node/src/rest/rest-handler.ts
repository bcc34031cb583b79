/**
 * The REST interface (Core 0.14 `rest.cpp`, `-rest`): unauthenticated, read-only access to blocks,
 * transactions, headers, chain info, the mempool and UTXOs. Each request maps to a complete reply
 * (status, content type, body). `registerRestHandlers` adds the endpoints to the RPC server as path
 * handlers (Core's `StartREST`), so REST shares the RPC port, its allow-list and its work queue.
 */
import { JsonObject, OutPoint, Reader, Writer, amountJson, isHex, reversed, scriptPubKeyToJson, toDisplayHex, toHex, txToJson, writeJson, type JsonValue, type Transaction } from '@ocean-ts/core';
import { blockchainMethods } from '../rpc/methods/blockchain.js';
import type { NodeRpcContext } from '../rpc/methods/context.js';
import { blockHeaderToJson, blockToJson, decorateRequestOutputs, txJsonOptions } from '../rpc/methods/json-util.js';
import type { HttpRoute, HttpRouteHandler, HttpRouteReply } from '../rpc/server/http-route.js';
import type { RpcCallContext } from '../rpc/server/rpc-method.js';

export interface RestReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: Uint8Array | string;
}

/** Core's `MAX_GETUTXOS_OUTPOINTS`. */
export const MAX_GETUTXOS_OUTPOINTS = 15;
/** Core's `MAX_REST_HEADERS_RESULTS`. */
export const MAX_REST_HEADERS_RESULTS = 2000;
/** Height of a coin that only exists in the mempool (Core's `MEMPOOL_HEIGHT`). */
export const MEMPOOL_HEIGHT = 0x7fffffff;
/** How many output indices the no-txindex transaction lookup probes in the UTXO set. */
const SLOW_LOOKUP_MAX_OUTPUTS = 256;

type RetFormat = 'undef' | 'bin' | 'hex' | 'json';
const FORMATS: readonly RetFormat[] = ['bin', 'hex', 'json'];
const AVAILABLE_FORMATS = '.bin, .hex, .json';

/** What REST needs from the node; `ready()` is false while the block index is loading. */
export interface RestContext {
  ready(): boolean;
  readonly node: NodeRpcContext;
}

const TEXT = 'text/plain';
const JSON_TYPE = 'application/json';
const BIN = 'application/octet-stream';

function restErr(status: number, message: string): RestReply {
  return { status, contentType: TEXT, body: `${message}\r\n` };
}

/** Core's `ParseDataFormat`: `param` is the part before the last `.` when the suffix is a known format. */
export function parseDataFormat(strReq: string): { param: string; rf: RetFormat } {
  const pos = strReq.lastIndexOf('.');
  if (pos < 0) return { param: strReq, rf: 'undef' };
  const suff = strReq.slice(pos + 1);
  const rf = FORMATS.find((f) => f === suff);
  if (rf === undefined) return { param: strReq, rf: 'undef' };
  return { param: strReq.slice(0, pos), rf };
}

/** Core's `IsHex`: non-empty, even length, hex digits only. */
function coreIsHex(s: string): boolean {
  return s.length > 0 && isHex(s);
}

/** `uint256::SetHex` of a string `IsHex` accepted: the last 64 digits, zero-padded on the left. */
function setHex(s: string): Uint8Array {
  const digits = s.slice(-64).padStart(64, '0');
  return reversed(Buffer.from(digits, 'hex'));
}

/** Core's `ParseHashStr`. */
function parseHashStr(s: string): Uint8Array | undefined {
  if (!coreIsHex(s) || s.length !== 64) return undefined;
  return setHex(s);
}

/** Core's `ParseInt32`: optional sign, decimal digits only, within int32. */
function parseInt32(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  if (!Number.isSafeInteger(n) && !/^[+-]?0*\d{1,10}$/.test(s)) return undefined;
  if (n < -2147483648 || n > 2147483647) return undefined;
  return n;
}

/** Core's `ParseHex`: hex digit pairs, whitespace skipped, stops at the first other character. */
function parseHexLenient(s: string): Uint8Array {
  const out: number[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    const hi = parseInt(s[i] ?? 'x', 16);
    if (Number.isNaN(hi) || !/[0-9a-fA-F]/.test(s[i] ?? '')) break;
    const loChar = s[i + 1] ?? '';
    if (!/[0-9a-fA-F]/.test(loChar)) break;
    out.push((hi << 4) | parseInt(loChar, 16));
    i += 2;
  }
  return Uint8Array.from(out);
}

function jsonReply(value: JsonValue): RestReply {
  return { status: 200, contentType: JSON_TYPE, body: `${writeJson(value)}\n` };
}

function bytesReply(rf: 'bin' | 'hex', bytes: Uint8Array): RestReply {
  if (rf === 'bin') return { status: 200, contentType: BIN, body: bytes };
  return { status: 200, contentType: TEXT, body: `${toHex(bytes)}\n` };
}

const CALL_CONTEXT: RpcCallContext = { method: '', authUser: '', uri: '', peer: '', signal: new AbortController().signal };

async function callRpc(node: NodeRpcContext, name: string, params: JsonValue[] = []): Promise<JsonValue> {
  const m = blockchainMethods(node).find((x) => x.name === name);
  if (!m) throw new Error(`no ${name} method`);
  return m.handler(params, { ...CALL_CONTEXT, method: name });
}

/** The REST URI prefixes in Core's registration order (the first prefix that matches wins). */
const HANDLERS: readonly [string, (ctx: RestContext, part: string, body: Buffer) => Promise<RestReply> | RestReply][] = [
  ['/rest/tx/', restTx],
  ['/rest/block/notxdetails/', (c, p) => restBlock(c, p, false)],
  ['/rest/block/', (c, p) => restBlock(c, p, true)],
  ['/rest/chaininfo', restChainInfo],
  ['/rest/mempool/info', restMempoolInfo],
  ['/rest/mempool/contents', restMempoolContents],
  ['/rest/headers/', restHeaders],
  ['/rest/getutxos', restGetUtxos],
];

/** Where the REST endpoints are registered: `HttpRpcServer` (structural). */
export interface RestRouteRegistry {
  registerHandler(prefix: string, exactMatch: boolean, handler: HttpRouteHandler): void;
}

/**
 * The REST endpoints as path handlers, in Core's registration order (prefix match; the first that
 * matches wins). Each answers 503 while the node is still loading (Core's `CheckWarmup`) and turns
 * an unexpected failure into a 500 with the message.
 */
export function restRoutes(ctx: RestContext): HttpRoute[] {
  return HANDLERS.map(([prefix, fn]) => ({
    prefix,
    exactMatch: false,
    handler: async (request): Promise<HttpRouteReply> => toRouteReply(await answer(ctx, fn, request.path, request.body)),
  }));
}

/** Core's `StartREST`: register every REST endpoint on the server. */
export function registerRestHandlers(server: RestRouteRegistry, ctx: RestContext): void {
  for (const route of restRoutes(ctx)) server.registerHandler(route.prefix, route.exactMatch, route.handler);
}

async function answer(ctx: RestContext, fn: (ctx: RestContext, part: string, body: Buffer) => Promise<RestReply> | RestReply, part: string, body: Buffer): Promise<RestReply> {
  if (!ctx.ready()) return restErr(503, 'Service temporarily unavailable: Loading block index...');
  try {
    return await fn(ctx, part, body);
  } catch (e) {
    return restErr(500, e instanceof Error ? e.message : String(e));
  }
}

function toRouteReply(reply: RestReply): HttpRouteReply {
  return { status: reply.status, headers: { 'Content-Type': reply.contentType }, body: reply.body };
}

function findTransaction(node: NodeRpcContext, txid: Uint8Array): { tx: Transaction; blockHash?: Uint8Array } | undefined {
  const entry = node.mempool.get(toDisplayHex(txid));
  if (entry) return { tx: entry.tx };
  const indexed = node.chain.getTransaction(txid);
  if (indexed) return { tx: indexed.tx, blockHash: indexed.blockHash };
  const genesis = node.params.genesisBlock;
  const gtx = genesis.transactions.find((t) => Buffer.from(t.txid).equals(Buffer.from(txid)));
  if (gtx && node.txIndex) return { tx: gtx, blockHash: genesis.hash };
  if (node.txIndex) return undefined;
  // Core's `fAllowSlow`: the height of an unspent output of the transaction names the block.
  for (let n = 0; n < SLOW_LOOKUP_MAX_OUTPUTS; n++) {
    const coin = node.chain.getCoin(new OutPoint(txid, n));
    if (!coin) continue;
    const hash = node.chain.getBlockHash(coin.height);
    const block = hash && node.chain.getBlock(hash);
    const tx = block?.transactions.find((t) => Buffer.from(t.txid).equals(Buffer.from(txid)));
    if (tx && hash) return { tx, blockHash: hash };
    break;
  }
  return undefined;
}

function restTx(ctx: RestContext, part: string): RestReply {
  const { param: hashStr, rf } = parseDataFormat(part);
  const hash = parseHashStr(hashStr);
  if (!hash) return restErr(400, `Invalid hash: ${hashStr}`);
  const node = ctx.node;
  const found = findTransaction(node, hash);
  if (!found) return restErr(404, `${hashStr} not found`);
  switch (rf) {
    case 'bin':
    case 'hex':
      return bytesReply(rf, found.tx.toBytes());
    case 'json': {
      const o = txToJson(found.tx, txJsonOptions(node));
      decorateRequestOutputs(node, o, found.tx, found.blockHash);
      if (found.blockHash) {
        const be = node.chain.getEntry(found.blockHash);
        o.push('blockhash', toDisplayHex(found.blockHash));
        if (be && node.chain.isInActiveChain(be)) {
          o.push('confirmations', node.chain.height - be.height + 1);
          o.push('time', be.header.time);
          o.push('blocktime', be.header.time);
        } else o.push('confirmations', 0);
      }
      return jsonReply(o);
    }
    default:
      return restErr(404, `output format not found (available: ${AVAILABLE_FORMATS})`);
  }
}

function restBlock(ctx: RestContext, part: string, showTxDetails: boolean): RestReply {
  const { param: hashStr, rf } = parseDataFormat(part);
  const hash = parseHashStr(hashStr);
  if (!hash) return restErr(400, `Invalid hash: ${hashStr}`);
  const node = ctx.node;
  const entry = node.chain.getEntry(hash);
  if (!entry) return restErr(404, `${hashStr} not found`);
  const block = node.chain.getBlock(hash);
  if (!block) return restErr(404, `${hashStr} not found`);
  switch (rf) {
    case 'bin':
    case 'hex':
      return bytesReply(rf, block.toBytes());
    case 'json':
      return jsonReply(blockToJson(node, entry, block, showTxDetails));
    default:
      return restErr(404, 'output format not found (available: .bin, .hex)');
  }
}

async function restChainInfo(ctx: RestContext, part: string): Promise<RestReply> {
  const { rf } = parseDataFormat(part);
  if (rf !== 'json') return restErr(404, 'output format not found (available: json)');
  return jsonReply(await callRpc(ctx.node, 'getblockchaininfo'));
}

async function restMempoolInfo(ctx: RestContext, part: string): Promise<RestReply> {
  const { rf } = parseDataFormat(part);
  if (rf !== 'json') return restErr(404, 'output format not found (available: json)');
  return jsonReply(await callRpc(ctx.node, 'getmempoolinfo'));
}

async function restMempoolContents(ctx: RestContext, part: string): Promise<RestReply> {
  const { rf } = parseDataFormat(part);
  if (rf !== 'json') return restErr(404, 'output format not found (available: json)');
  return jsonReply(await callRpc(ctx.node, 'getrawmempool', [true]));
}

function restHeaders(ctx: RestContext, part: string): RestReply {
  const { param, rf } = parseDataFormat(part);
  const path = param.split('/');
  if (path.length !== 2) return restErr(400, 'No header count specified. Use /rest/headers/<count>/<hash>.<ext>.');
  // strtol: leading whitespace and sign, then digits; anything unparsable is 0.
  const m = /^\s*([+-]?\d+)/.exec(path[0]!);
  const count = m ? Number(m[1]) : 0;
  if (count < 1 || count > MAX_REST_HEADERS_RESULTS) return restErr(400, `Header count out of range: ${path[0]}`);
  const hashStr = path[1]!;
  const hash = parseHashStr(hashStr);
  if (!hash) return restErr(400, `Invalid hash: ${hashStr}`);
  const cs = ctx.node.chain;
  const headers = [];
  let entry = cs.getEntry(hash);
  while (entry !== undefined && cs.isInActiveChain(entry)) {
    headers.push(entry);
    if (headers.length === count) break;
    const next = cs.getBlockHash(entry.height + 1);
    entry = next === undefined ? undefined : cs.getEntry(next);
  }
  switch (rf) {
    case 'bin':
    case 'hex':
      return bytesReply(rf, Buffer.concat(headers.map((e) => e.header.toBytes())));
    case 'json':
      return jsonReply(headers.map((e) => blockHeaderToJson(ctx.node, e)));
    default:
      return restErr(404, 'output format not found (available: .bin, .hex)');
  }
}

interface UtxoHit {
  readonly txVer: number;
  readonly height: number;
  readonly out: import('@ocean-ts/core').TxOut;
}

function txVersionOf(node: NodeRpcContext, txid: Uint8Array, height: number): number {
  const indexed = node.chain.getTransaction(txid);
  if (indexed) return indexed.tx.version;
  const hash = node.chain.getBlockHash(height);
  const block = hash && node.chain.getBlock(hash);
  const tx = block?.transactions.find((t) => Buffer.from(t.txid).equals(Buffer.from(txid)));
  return tx?.version ?? 1;
}

function restGetUtxos(ctx: RestContext, part: string, body: Buffer): RestReply {
  const { param, rf } = parseDataFormat(part);
  const uriParts = param.length > 1 ? param.slice(1).split('/') : [];
  let request: Uint8Array = body;
  if (request.length === 0 && uriParts.length === 0) return restErr(400, 'Error: empty request');

  let inputParsed = false;
  let checkMempool = false;
  let outpoints: OutPoint[] = [];
  if (uriParts.length > 0) {
    if (uriParts[0] === 'checkmempool') checkMempool = true;
    for (let i = checkMempool ? 1 : 0; i < uriParts.length; i++) {
      const p = uriParts[i]!;
      const dash = p.indexOf('-');
      const strTxid = dash < 0 ? p : p.slice(0, dash);
      const strOutput = p.slice(dash + 1);
      const n = parseInt32(strOutput);
      if (n === undefined || !coreIsHex(strTxid)) return restErr(400, 'Parse error');
      outpoints.push(new OutPoint(setHex(strTxid), n >>> 0));
    }
    if (outpoints.length > 0) inputParsed = true;
    else return restErr(400, 'Error: empty request');
  }

  switch (rf) {
    case 'hex':
    case 'bin': {
      if (rf === 'hex') request = parseHexLenient(Buffer.from(request).toString('latin1'));
      if (request.length > 0) {
        if (inputParsed) return restErr(400, 'Combination of URI scheme inputs and raw post data is not allowed');
        try {
          const r = new Reader(request);
          checkMempool = r.u8() !== 0;
          const count = r.compactSize();
          const list: OutPoint[] = [];
          for (let i = 0; i < count; i++) {
            const txid = r.bytesCopy(32, 'outpoint hash');
            list.push(new OutPoint(txid, r.u32le()));
          }
          outpoints = list;
        } catch {
          return restErr(400, 'Parse error');
        }
      }
      break;
    }
    case 'json':
      if (!inputParsed) return restErr(400, 'Error: empty request');
      break;
    default:
      return restErr(404, `output format not found (available: ${AVAILABLE_FORMATS})`);
  }

  if (outpoints.length > MAX_GETUTXOS_OUTPOINTS) {
    return restErr(400, `Error: max outpoints exceeded (max: ${MAX_GETUTXOS_OUTPOINTS}, tried: ${outpoints.length})`);
  }

  const node = ctx.node;
  const pool = node.mempool;
  const bitmap = new Uint8Array(Math.floor((outpoints.length + 7) / 8));
  let bitmapString = '';
  const outs: UtxoHit[] = [];
  outpoints.forEach((op, i) => {
    let hit: UtxoHit | undefined;
    if (pool.spenderOf(op) === undefined) {
      const coin = node.chain.getCoin(op);
      if (coin) hit = { txVer: txVersionOf(node, op.txid, coin.height), height: coin.height, out: coin.out };
      else if (checkMempool) {
        const entry = pool.get(toDisplayHex(op.txid));
        const out = entry?.tx.outputs[op.index];
        if (entry && out && !out.isNull) hit = { txVer: entry.tx.version, height: MEMPOOL_HEIGHT, out };
      }
    }
    if (hit) outs.push(hit);
    bitmapString += hit ? '1' : '0';
    if (hit) bitmap[Math.floor(i / 8)]! |= 1 << i % 8;
  });

  const cs = node.chain;
  if (rf === 'bin' || rf === 'hex') {
    const w = new Writer();
    w.i32le(cs.height).bytes(cs.tip.hash).varBytes(bitmap).compactSize(outs.length);
    for (const o of outs) {
      w.u32le(o.txVer).u32le(o.height);
      o.out.write(w);
    }
    return bytesReply(rf, w.finish());
  }
  const opts = txJsonOptions(node);
  const utxos = outs.map((o) => {
    const u = new JsonObject();
    u.push('txvers', o.txVer | 0);
    u.push('height', o.height | 0);
    if (o.out.value.isExplicit) u.push('value', amountJson(o.out.value.amount));
    else u.push('valuecommitment', o.out.value.hex);
    if (o.out.asset.isExplicit) u.push('asset', o.out.asset.idHex);
    else u.push('assetcommitment', o.out.asset.hex);
    u.push('scriptPubKey', scriptPubKeyToJson(o.out.scriptPubKey, opts, true));
    return u;
  });
  const res = new JsonObject();
  res.push('chainHeight', cs.height);
  res.push('chaintipHash', cs.tip.hashHex);
  res.push('bitmap', bitmapString);
  res.push('utxos', utxos);
  return jsonReply(res);
}
