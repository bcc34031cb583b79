/**
 * `getblocktemplate` (BIP22/BIP23 as Core 0.14 / Elements 0.14 serve it): template mode built by the
 * node's `BlockAssembler` from the mempool, with long polling on the tip notifications, and proposal
 * mode checked with `TestBlockValidity`. Ocean headers carry no `nBits`, so the template has no
 * `target` / `bits`.
 */
import {
  JsonNumber,
  JsonObject,
  MAX_BLOCK_SIGOPS_COST,
  MAX_BLOCK_WEIGHT,
  OP,
  WITNESS_SCALE_FACTOR,
  atoi64,
  bytesEqual,
  findWitnessCommitmentIndex,
  toDisplayHex,
  toHex,
  type Block,
  type DeploymentName,
  type JsonValue,
} from '@ocean-ts/core';
import { mempoolFee } from '../../mempool/fee-policy.js';
import type { BlockTemplate } from '../../mining/block-assembler.js';
import { ThresholdState, VersionBits } from '../../mining/versionbits.js';
import {
  RPC_CLIENT_IN_INITIAL_DOWNLOAD,
  RPC_CLIENT_NOT_CONNECTED,
  RPC_INVALID_PARAMETER,
  RPC_TYPE_ERROR,
  RpcError,
} from '../server/rpc-error.js';
import type { RpcCallContext, RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { decodeHexBlock } from './mining.js';
import { uint256S } from './parse-params.js';
import { getInt64, getStr } from './univalue-params.js';

const OP_TRUE_SCRIPT = Uint8Array.of(OP.OP_TRUE);
const MAX_BLOCK_BASE_SIZE = 1_000_000;
const MAX_BLOCK_SERIALIZED_SIZE = 4_000_000;

/** `VersionBitsDeploymentInfo`: name and `gbt_force`, in deployment order. */
const DEPLOYMENTS: readonly { readonly name: DeploymentName; readonly gbtForce: boolean }[] = [
  { name: 'testdummy', gbtForce: true },
  { name: 'csv', gbtForce: true },
  { name: 'segwit', gbtForce: false },
];

/** `gbt_vb_name`: a rule the client must understand is prefixed with `!`. */
function gbtName(d: { name: string; gbtForce: boolean }): string {
  return d.gbtForce ? d.name : `!${d.name}`;
}

/**
 * `CTxMemPool::GetTransactionsUpdated` for the long-poll id: counts the changes of the pool's
 * contents seen between calls.
 */
class TransactionsUpdated {
  #count = 0;
  #last = '';

  read(txids: readonly string[]): number {
    const fingerprint = [...txids].sort().join();
    if (fingerprint !== this.#last) {
      this.#count++;
      this.#last = fingerprint;
    }
    return this.#count;
  }
}

interface CachedTemplate {
  readonly tipHash: string;
  readonly transactionsUpdated: number;
  readonly start: number;
  readonly segwit: boolean;
  readonly template: BlockTemplate;
}

/** `BIP22ValidationResult` of a proposal (null = valid). */
async function proposalResult(ctx: NodeRpcContext, data: JsonValue | undefined): Promise<string | null> {
  if (typeof data !== 'string') throw new RpcError(RPC_TYPE_ERROR, 'Missing data String key for proposal');
  const block: Block = decodeHexBlock(data);
  const cs = ctx.chain;
  return cs.mutex.run(async () => {
    const known = cs.getEntry(block.hash);
    if (known !== undefined) {
      if (known.wasConnected) return 'duplicate';
      if (known.isFailed) return 'duplicate-invalid';
      return 'duplicate-inconclusive';
    }
    if (!bytesEqual(block.header.prevBlockHash, cs.tip.hash)) return 'inconclusive-not-best-prevblk';
    const r = cs.testBlockValidity(block);
    if (r === null) return null;
    return r.reason === '' ? 'rejected' : r.reason;
  });
}

export function blockTemplateMethods(ctx: NodeRpcContext): RpcMethod[] {
  const updated = new TransactionsUpdated();
  let cached: CachedTemplate | undefined;

  /** Waits as a long poll does: until the tip moves, or after a minute once the pool changed. */
  async function longPoll(lp: JsonValue, call: RpcCallContext): Promise<void> {
    let watched: string;
    let updatedLast: number;
    if (typeof lp === 'string') {
      watched = uint256S(lp.slice(0, 64));
      updatedLast = Number(atoi64(lp.slice(64)));
    } else {
      watched = ctx.chain.tip.hashHex;
      updatedLast = updated.read(ctx.mempool.txids());
    }
    let waitMs = 60_000;
    while (ctx.tipWaiter.latest.hash === watched && !call.signal.aborted) {
      const tip = await ctx.tipWaiter.waitFor((t) => t.hash !== watched, { timeoutMs: waitMs, signal: call.signal });
      if (tip.hash !== watched || call.signal.aborted) break;
      if (updated.read(ctx.mempool.txids()) !== updatedLast) break;
      waitMs = 10_000;
    }
    if (call.signal.aborted) throw new RpcError(RPC_CLIENT_NOT_CONNECTED, 'Shutting down');
  }

  function template(segwit: boolean): CachedTemplate {
    const tip = ctx.chain.tip;
    const txUpdated = updated.read(ctx.mempool.txids());
    const now = ctx.now();
    if (cached && cached.tipHash === tip.hashHex && cached.segwit === segwit && (cached.transactionsUpdated === txUpdated || now - cached.start <= 5)) {
      return cached;
    }
    const info = ctx.tipInfo();
    const built = ctx.assembler.createNewBlock({
      tip: info,
      ancestors: ctx.ancestors(),
      now,
      coinbaseScript: ctx.assembler.coinbaseDestination(info.height + 1, OP_TRUE_SCRIPT),
      extraNonce: 0,
      source: ctx.templateSource(),
    });
    cached = { tipHash: tip.hashHex, transactionsUpdated: txUpdated, start: now, segwit, template: built };
    return cached;
  }

  const m = methodFactory('mining');
  return [
    m('getblocktemplate', ['template_request'], 'getblocktemplate ( TemplateRequest )\n\nIf the request parameters include a \'mode\' key, that is used to explicitly select between the default \'template\' request or a \'proposal\'.\nIt returns data needed to construct a block to work on.\nFor full specification, see BIPs 22, 23, 9, and 145:\n    https://github.com/bitcoin/bips/blob/master/bip-0022.mediawiki\n    https://github.com/bitcoin/bips/blob/master/bip-0023.mediawiki\n    https://github.com/bitcoin/bips/blob/master/bip-0009.mediawiki#getblocktemplate_changes\n    https://github.com/bitcoin/bips/blob/master/bip-0145.mediawiki\n\nArguments:\n1. template_request         (json object, optional) A json object in the following spec\n     {\n       "mode":"template"    (string, optional) This must be set to "template", "proposal" (see BIP 23), or omitted\n       "capabilities":[     (array, optional) A list of strings\n           "support"          (string) client side supported feature, \'longpoll\', \'coinbasetxn\', \'coinbasevalue\', \'proposal\', \'serverlist\', \'workid\'\n           ,...\n       ],\n       "rules":[            (array, optional) A list of strings\n           "support"          (string) client side supported softfork deployment\n           ,...\n       ]\n     }\n', async (p, call) => {
      let mode = 'template';
      let lp: JsonValue = null;
      const clientRules = new Set<string>();
      let maxVersionPreVb = -1n;
      if (p.length > 0) {
        const req = p[0];
        if (!(req instanceof JsonObject)) throw new Error('JSON value is not an object as expected');
        const modeVal = req.get('mode');
        if (typeof modeVal === 'string') mode = modeVal;
        else if (modeVal !== undefined && modeVal !== null) throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid mode');
        lp = req.get('longpollid') ?? null;
        if (mode === 'proposal') return proposalResult(ctx, req.get('data'));
        const rules = req.get('rules');
        if (Array.isArray(rules)) {
          for (const r of rules as readonly JsonValue[]) clientRules.add(getStr(r));
        } else {
          const mv = req.get('maxversion');
          if (mv instanceof JsonNumber) maxVersionPreVb = getInt64(mv);
        }
      }
      if (mode !== 'template') throw new RpcError(RPC_INVALID_PARAMETER, 'Invalid mode');
      if (ctx.network.connectionCount === 0) throw new RpcError(RPC_CLIENT_NOT_CONNECTED, 'Bitcoin is not connected!');
      if (ctx.isInitialBlockDownload()) throw new RpcError(RPC_CLIENT_IN_INITIAL_DOWNLOAD, 'Bitcoin is downloading blocks...');
      if (lp !== null) await longPoll(lp, call);

      const segwit = clientRules.has('segwit');
      const t = template(segwit);
      const tmpl = t.template;
      const block = tmpl.block;
      const tip = ctx.chain.getEntry(block.header.prevBlockHash) ?? ctx.chain.tip;
      const vb = new VersionBits(ctx.params.consensus);
      const ancestors = ctx.ancestors();
      const preSegwit = vb.stateFor('segwit', tip.height, ancestors) !== ThresholdState.ACTIVE;

      const positions = new Map<string, number>();
      const transactions: JsonObject[] = [];
      block.transactions.forEach((tx, i) => {
        positions.set(toHex(tx.txid), i);
        if (tx.isCoinbase) return;
        const depends: number[] = [];
        for (const input of tx.inputs) {
          const at = positions.get(toHex(input.prevout.txid));
          if (at !== undefined) depends.push(at);
        }
        let sigops = tmpl.sigOpCosts[i] ?? 0;
        if (preSegwit) sigops = Math.floor(sigops / WITNESS_SCALE_FACTOR);
        transactions.push(
          new JsonObject()
            .push('data', toHex(tx.toBytes()))
            .push('txid', tx.txidHex)
            .push('hash', toDisplayHex(tx.witnessHash))
            .push('depends', depends.map((d) => JsonNumber.of(d)))
            .push('fee', ctx.mempool.get(tx.txidHex)?.fee ?? mempoolFee(tx))
            .push('sigops', sigops)
            .push('weight', tx.weight),
        );
      });

      let version = block.header.version;
      const rules: string[] = [];
      const vbavailable = new JsonObject();
      for (const d of DEPLOYMENTS) {
        const dep = ctx.params.consensus.deployments[d.name];
        const state = vb.stateFor(d.name, tip.height, ancestors);
        const mask = 1 << dep.bit;
        if (state === ThresholdState.LOCKED_IN || state === ThresholdState.STARTED) {
          if (state === ThresholdState.LOCKED_IN) version |= mask;
          vbavailable.push(gbtName(d), dep.bit);
          if (!clientRules.has(d.name) && !d.gbtForce) version &= ~mask;
        } else if (state === ThresholdState.ACTIVE) {
          rules.push(gbtName(d));
          if (!clientRules.has(d.name) && !d.gbtForce) {
            throw new RpcError(RPC_INVALID_PARAMETER, `Support for '${d.name}' rule requires explicit client support`);
          }
        }
      }
      const mutable = ['time', 'transactions', 'prevblock'];
      if (maxVersionPreVb >= 2n) mutable.push('version/force');

      const coinbase = block.transactions[0]!;
      const first = coinbase.outputs[0];
      const coinbaseValue = first !== undefined && first.value.isExplicit ? first.value.amount : 0n;
      const curtime = Math.max(tip.medianTimePast + 1, ctx.now());

      const o = new JsonObject();
      o.push('capabilities', ['proposal']);
      o.push('version', version | 0);
      o.push('rules', rules);
      o.push('vbavailable', vbavailable);
      o.push('vbrequired', 0);
      o.push('previousblockhash', toDisplayHex(block.header.prevBlockHash));
      o.push('transactions', transactions);
      o.push('coinbaseaux', new JsonObject().push('flags', ''));
      o.push('coinbasevalue', coinbaseValue);
      o.push('longpollid', `${ctx.chain.tip.hashHex}${t.transactionsUpdated}`);
      o.push('mintime', tip.medianTimePast + 1);
      o.push('mutable', mutable);
      o.push('noncerange', '00000000ffffffff');
      o.push('sigoplimit', preSegwit ? MAX_BLOCK_SIGOPS_COST / WITNESS_SCALE_FACTOR : MAX_BLOCK_SIGOPS_COST);
      if (preSegwit) {
        o.push('sizelimit', MAX_BLOCK_BASE_SIZE);
      } else {
        o.push('sizelimit', MAX_BLOCK_SERIALIZED_SIZE);
        o.push('weightlimit', MAX_BLOCK_WEIGHT);
      }
      o.push('curtime', curtime);
      o.push('height', tip.height + 1);
      const commitment = findWitnessCommitmentIndex(coinbase);
      if (commitment >= 0 && segwit) o.push('default_witness_commitment', toHex(coinbase.outputs[commitment]!.scriptPubKey));
      return o;
    }),
  ];
}
