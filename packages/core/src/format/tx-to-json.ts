import { toDisplayHex, toHex } from '../encoding/hex.js';
import { issuanceIds } from '../assets/issuance-ids.js';
import { scriptToAsm } from '../script/asm.js';
import type { Transaction } from '../primitives/transaction.js';
import type { TxIn } from '../primitives/tx-in.js';
import type { TxOut } from '../primitives/tx-out.js';
import type { TxOutWitness } from '../primitives/witness.js';
import { JsonObject } from './json-object.js';
import { rangeproofInfo } from './rangeproof-info.js';
import { scriptPubKeyToJson } from './script-pubkey-json.js';
import type { TxJsonOptions } from './tx-json-options.js';
import { amountJson } from './value-from-amount.js';

/**
 * The original's `decoderawtransaction` result (`TxToJSON` in rawtransaction.cpp without block
 * fields): `txid`, `hash`, `withash`, `size`, `vsize`, `version`, `locktime`, `vin`, `vout` — key
 * order and presence exactly as the original prints them.
 */
export function txToJson(tx: Transaction, opts: TxJsonOptions): JsonObject {
  const entry = new JsonObject();
  entry.push('txid', tx.txidHex);
  entry.push('hash', toDisplayHex(tx.hash));
  entry.push('withash', toDisplayHex(tx.witnessHash));
  entry.push('size', tx.size);
  entry.push('vsize', tx.virtualSize());
  entry.push('version', tx.version);
  entry.push('locktime', tx.locktime);
  // A deserialized transaction has witness records for every input iff its witness flag was set.
  const hasWitness = tx.hasWitness;
  const coinbase = tx.isCoinbase;
  entry.push(
    'vin',
    tx.inputs.map((txin, i) => inputToJson(tx, txin, i, coinbase, hasWitness, opts)),
  );
  entry.push(
    'vout',
    tx.outputs.map((txout, i) => outputToJson(txout, i, hasWitness ? tx.outWitness[i] : undefined, opts)),
  );
  return entry;
}

function inputToJson(tx: Transaction, txin: TxIn, i: number, coinbase: boolean, hasWitness: boolean, opts: TxJsonOptions): JsonObject {
  const o = new JsonObject();
  if (coinbase) {
    o.push('coinbase', toHex(txin.scriptSig));
  } else {
    o.push('txid', toDisplayHex(txin.prevout.txid));
    o.push('vout', txin.prevout.index);
    o.push('scriptSig', new JsonObject([['asm', scriptToAsm(txin.scriptSig, true)], ['hex', toHex(txin.scriptSig)]]));
    o.push('is_pegin', txin.isPegin);
  }
  if (hasWitness) {
    const w = tx.inWitness[i]!;
    o.push('scriptWitness', w.scriptWitness.map((item) => toHex(item)));
    o.push('pegin_witness', w.peginWitness.map((item) => toHex(item)));
  }
  const ids = issuanceIds(txin);
  if (ids) {
    const issuance = txin.issuance;
    const iss = new JsonObject();
    iss.push('assetBlindingNonce', toDisplayHex(issuance.assetBlindingNonce));
    iss.push('assetEntropy', toDisplayHex(ids.entropy));
    iss.push('isreissuance', ids.isReissuance);
    if (!ids.isReissuance) iss.push('token', toDisplayHex(ids.token));
    iss.push('asset', toDisplayHex(ids.asset));
    if (issuance.amount.isExplicit) iss.push('assetamount', amountJson(issuance.amount.amount));
    else if (issuance.amount.isCommitment) iss.push('assetamountcommitment', issuance.amount.hex);
    if (issuance.inflationKeys.isExplicit) iss.push('tokenamount', amountJson(issuance.inflationKeys.amount));
    else if (issuance.inflationKeys.isCommitment) iss.push('tokenamountcommitment', issuance.inflationKeys.hex);
    const label = opts.assetLabel?.(ids.asset);
    if (label) iss.push('assetlabel', label);
    o.push('issuance', iss);
  }
  o.push('sequence', txin.sequence);
  return o;
}

function outputToJson(txout: TxOut, n: number, wit: TxOutWitness | undefined, opts: TxJsonOptions): JsonObject {
  const o = new JsonObject();
  if (txout.value.isExplicit) {
    o.push('value', amountJson(txout.value.amount));
  } else {
    const info = wit ? rangeproofInfo(wit.rangeProof) : undefined;
    if (info) {
      // (CAmount) casts of the unsigned 64-bit bounds
      if (info.exp === -1) {
        o.push('value', amountJson(BigInt.asIntN(64, info.minValue)));
      } else {
        o.push('value-minimum', amountJson(BigInt.asIntN(64, info.minValue)));
        o.push('value-maximum', amountJson(BigInt.asIntN(64, info.maxValue)));
      }
      o.push('ct-exponent', info.exp);
      o.push('ct-bits', info.mantissa);
    }
    o.push('amountcommitment', txout.value.hex);
  }
  if (txout.asset.isExplicit) {
    o.push('asset', txout.asset.idHex);
    const label = opts.assetLabel?.(txout.asset.id);
    if (label) o.push('assetlabel', label);
  } else {
    o.push('assetcommitment', txout.asset.hex);
  }
  o.push('n', n);
  o.push('scriptPubKey', scriptPubKeyToJson(txout.scriptPubKey, opts, true));
  return o;
}
