import {
  ConfidentialValue,
  DecodeError,
  JsonObject,
  JsonNumber,
  MemorySigningProvider,
  SIGHASH_ALL,
  SIGHASH_TYPE_NAMES,
  bytesEqual,
  decodeWif,
  isPayToScriptHash,
  isPayToWitnessScriptHash,
  parseUintHexLenient,
  scriptToAsm,
  signTransaction as signWithProvider,
  toHex,
  type Base58Prefixes,
  type JsonValue,
  type Secp256k1,
  type SpentOutput,
  type Transaction,
} from '@ocean-ts/core';
import { atoi } from './c-numbers.js';
import { isCoreHex, parseHexStrict } from './hex-parsing.js';
import { amountFromValue } from './money.js';
import type { Registers } from './registers.js';
import { ToolError } from './tool-error.js';

function parseHexUV(v: JsonValue | undefined, name: string): Uint8Array {
  const s = typeof v === 'string' ? v : '';
  if (!isCoreHex(s)) throw new ToolError(`${name} must be hexadecimal string (not '${s}')`);
  return parseHexStrict(s);
}

/** The values of a register treated as a list (UniValue `size()`/`operator[]` on arrays and objects). */
function listOf(v: JsonValue | undefined): JsonValue[] {
  if (Array.isArray(v)) return [...(v as JsonValue[])];
  if (v instanceof JsonObject) return v.entries.map(([, x]) => x);
  return [];
}

/**
 * bitcoin-tx 0.14 `MutateTxSign` with Ocean signature hashing: keys from the `privatekeys`
 * register (WIF of this chain), previous outputs from `prevtxs` (`txid`, `vout`, `scriptPubKey`,
 * optional `redeemScript`, `amount` or Ocean's `amountcommitment`). The signing itself is core's
 * engine (`ProduceSignature` + `CombineSignatures` over a `CBasicKeyStore`): P2PK, P2PKH, (locked)
 * multisig, P2SH, P2WPKH and P2WSH inputs (nested too), merged with the signatures already
 * present. Inputs that cannot be signed are left as they are; completeness is not reported.
 */
export function signTransaction(tx: Transaction, flagStr: string, registers: Registers, base58: Base58Prefixes, secp: Secp256k1): Transaction {
  let hashType = SIGHASH_ALL;
  if (flagStr.length > 0) {
    const f = SIGHASH_TYPE_NAMES.get(flagStr);
    if (f === undefined) throw new ToolError('unknown sighash flag/sign option');
    hashType = f;
  }
  if (!registers.has('privatekeys')) throw new ToolError('privatekeys register variable must be set.');
  const provider = new MemorySigningProvider(secp);
  for (const k of listOf(registers.get('privatekeys'))) {
    if (typeof k !== 'string') throw new ToolError('privatekey not a std::string');
    let wif;
    try {
      wif = decodeWif(k, base58);
    } catch (e) {
      if (e instanceof DecodeError) throw new ToolError('privatekey not valid');
      throw e;
    }
    provider.addKey(wif.key, wif.compressed);
  }

  if (!registers.has('prevtxs')) throw new ToolError('prevtxs register variable must be set.');
  const view = new Map<string, Map<number, SpentOutput>>();
  for (const prevOut of listOf(registers.get('prevtxs'))) {
    if (!(prevOut instanceof JsonObject)) throw new ToolError('expected prevtxs internal object');
    const txidV = prevOut.get('txid');
    const voutV = prevOut.get('vout');
    const spkV = prevOut.get('scriptPubKey');
    if (typeof txidV !== 'string' || !(voutV instanceof JsonNumber) || typeof spkV !== 'string') {
      throw new ToolError('prevtxs internal object typecheck fail');
    }
    if (!isCoreHex(txidV)) throw new ToolError(`txid must be hexadecimal string (not '${txidV}')`);
    const txid = toHex(parseUintHexLenient(txidV));
    const nOut = atoi(voutV.raw);
    if (nOut < 0) throw new ToolError('vout must be positive');
    const scriptPubKey = parseHexUV(spkV, 'scriptPubKey');
    let coins = view.get(txid);
    if (!coins) view.set(txid, (coins = new Map()));
    const existing = coins.get(nOut);
    if (existing && !bytesEqual(existing.scriptPubKey, scriptPubKey)) {
      throw new ToolError(`Previous output scriptPubKey mismatch:\n${scriptToAsm(existing.scriptPubKey)}\nvs:\n${scriptToAsm(scriptPubKey)}`);
    }
    let amount = ConfidentialValue.fromAmount(0n);
    if (prevOut.has('amount')) amount = ConfidentialValue.fromAmount(amountFromValue(prevOut.get('amount')!));
    if (prevOut.has('amountcommitment')) {
      const c = parseHexUV(prevOut.get('amountcommitment'), 'amountcommitment');
      const v = ConfidentialValue.fromBytes(c);
      if (!v.isCommitment) throw new ToolError('amountcommitment must be a 33-byte value commitment');
      amount = v;
    }
    coins.set(nOut, { scriptPubKey, amount });
    if ((isPayToScriptHash(scriptPubKey) || isPayToWitnessScriptHash(scriptPubKey)) && prevOut.has('redeemScript')) {
      provider.addScript(parseHexUV(prevOut.get('redeemScript'), 'redeemScript'));
    }
  }

  return signWithProvider({
    variants: [tx],
    provider,
    secp,
    hashType,
    spentOutput: (i) => {
      const prevout = tx.inputs[i]!.prevout;
      return view.get(toHex(prevout.txid))?.get(prevout.index);
    },
  }).tx;
}
