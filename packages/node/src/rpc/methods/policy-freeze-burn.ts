/**
 * Freezelist / burnlist RPCs (rpc spec §3.1, ocean-policy.md §4.1) and `getfreezehistory` (§4.6).
 * The list RPCs act on the node's in-memory lists whether or not `-freezelist` / `-burnlist` are on;
 * their edits are local and lost at restart unless they follow from the UTXO set.
 */
import { JsonObject, toDisplayHex, type JsonValue } from '@ocean-ts/core';
import { CurrentPolicyAssets } from '../../policy/current-policy-assets.js';
import { FreezeBurnLists } from '../../policy/freeze-burn-lists.js';
import type { InflationRecords } from '../../policy/inflation-records.js';
import type { PolicyList } from '../../policy/policy-list.js';
import { RPC_INVALID_ADDRESS_OR_KEY, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { amountJson } from './json-util.js';
import { methodFactory } from './method-factory.js';
import { tryDecodeAddress } from './rawtransactions-params.js';
import { getStr } from './univalue-params.js';

/** What these RPCs read besides the node context (the composition root provides both). */
export interface FreezeBurnRpcContext {
  /** The node's freeze and burn lists (absent: the methods keep a private, empty pair). */
  readonly freezeBurnLists?: FreezeBurnLists | undefined;
  /** `-recordinflation` records (absent: nothing recorded). */
  readonly inflationRecords?: InflationRecords | undefined;
}

const EXAMPLE_ADDRESS = '2dhFRjRX1d6AVjDYBK3ofAjDQGVTFh9RJBZ';

function examples(name: string, args: string): string {
  return (
    `\nExamples:\n> ocean-cli ${name} ${args}\n` +
    `> curl --user myusername --data-binary '{"jsonrpc": "1.0", "id":"curltest", "method": "${name}", "params": [${args}] }' -H 'content-type: text/plain;' http://127.0.0.1:8332/\n`
  );
}

function addressHelp(name: string, summary: string, result: string): string {
  return (
    `${name} "address"\n\n${summary}\n\nArguments:\n` +
    '1. "address"    (string, required) The base58 encoded P2PKH address.\n' +
    result +
    examples(name, `"${EXAMPLE_ADDRESS}"`)
  );
}

/** The P2PKH key id of an address parameter: -5 `Invalid  address` (two spaces) / `Invalid key id`. */
export function listKeyIdParam(ctx: NodeRpcContext, v: JsonValue | undefined): Uint8Array {
  const addr = tryDecodeAddress(getStr(v), ctx.params.base58);
  if (!addr) throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid  address');
  if (addr.versionKind !== 'pubkey') throw new RpcError(RPC_INVALID_ADDRESS_OR_KEY, 'Invalid key id');
  return addr.hash;
}

/** add / remove / query / clear for one list. */
function listMethods(ctx: NodeRpcContext, listName: 'freezelist' | 'burnlist', list: () => PolicyList): RpcMethod[] {
  const m = methodFactory('blockchain');
  return [
    m(`addto${listName}`, ['address'], addressHelp(`addto${listName}`, `Adds the address to the ${listName} of this node.`, ''), (p) => {
      list().add(listKeyIdParam(ctx, p[0]));
      return null;
    }, { minArgs: 1 }),
    m(`removefrom${listName}`, ['address'], addressHelp(`removefrom${listName}`, `Removes the address from the ${listName} of this node.`, ''), (p) => {
      list().remove(listKeyIdParam(ctx, p[0]));
      return null;
    }, { minArgs: 1 }),
    m(
      `query${listName}`,
      ['address'],
      addressHelp(`query${listName}`, `Checks if the address is on the ${listName}.`, '\nResult:\ntrue|false    (boolean) Whether the address is on the list\n'),
      (p) => list().has(listKeyIdParam(ctx, p[0])),
      { minArgs: 1 },
    ),
    m(`clear${listName}`, [], `clear${listName}\n\nRemoves every address from the ${listName} of this node.\n${examples(`clear${listName}`, '')}`, () => {
      list().clear();
      return null;
    }),
  ];
}

export function freezeBurnMethods(ctx: NodeRpcContext & FreezeBurnRpcContext): RpcMethod[] {
  let fallback: FreezeBurnLists | undefined;
  const lists = (): FreezeBurnLists =>
    ctx.freezeBurnLists ?? (fallback ??= new FreezeBurnLists({ freezelist: false, burnlist: false }, new CurrentPolicyAssets(ctx.params)));
  const m = methodFactory('blockchain');
  return [
    ...listMethods(ctx, 'freezelist', () => lists().freezelist),
    ...listMethods(ctx, 'burnlist', () => lists().burnlist),
    // Registered with an argument name, yet any argument is refused with the usage text.
    m(
      'getfreezehistory',
      ['height'],
      'getfreezehistory\n\nReturns the outputs frozen by redemption transactions (-recordinflation).\n\nResult:\n[\n  {\n' +
        '    "txid":   (string) the transaction id\n    "vout":   (numeric) the output index\n' +
        '    "asset":  (string) the asset id\n    "value":  (numeric) the amount\n' +
        '    "start":  (numeric) height of the block that froze it\n    "end":    (numeric) height of the block that spent it (0: unspent)\n' +
        `  },\n  ...\n]\n${examples('getfreezehistory', '')}`,
      () =>
        (ctx.inflationRecords?.freezeHistory ?? []).map((r) =>
          new JsonObject()
            .push('txid', toDisplayHex(r.outpoint.txid))
            .push('vout', r.outpoint.index)
            .push('asset', toDisplayHex(r.asset))
            .push('value', amountJson(r.value))
            .push('start', r.freezeHeight)
            .push('end', r.spendHeight),
        ),
      { maxArgs: 0 },
    ),
  ];
}
