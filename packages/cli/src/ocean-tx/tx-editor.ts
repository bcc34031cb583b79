import {
  ConfidentialAsset,
  ConfidentialNonce,
  ConfidentialValue,
  DecodeError,
  MAX_SCRIPT_ELEMENT_SIZE,
  MAX_SCRIPT_SIZE,
  OP,
  OutPoint,
  ScriptBuilder,
  ScriptParseError,
  TransactionBuilder,
  TxIn,
  TxOut,
  decodeAddress,
  fromDisplayHex,
  scriptForDestination,
  scriptFromAsm,
  type ChainParams,
  type Secp256k1,
  type Transaction,
} from '@ocean-ts/core';
import { atoi, atoi64, stoulToUint32 } from './c-numbers.js';
import { isCoreHex, parseHexStrict, parsePubKey } from './hex-parsing.js';
import { parseMoney } from './money.js';
import { Registers } from './registers.js';
import { scriptForMultisig, scriptForP2SH, scriptForRawPubKey, scriptForWitness } from './script-templates.js';
import { signTransaction } from './signer.js';
import { ToolError } from './tool-error.js';

/** `CTransaction::MAX_STANDARD_VERSION`. */
const MAX_STANDARD_VERSION = 2n;
/** bitcoin-tx: `MAX_BLOCK_BASE_SIZE / minTxOutSz` (1,000,000 / 9). */
const MAX_VOUT = Math.floor(1_000_000 / 9);

/** What the editor needs from the outside world (the bin's file reader). */
export interface EditorContext {
  readonly chain: ChainParams;
  readonly secp: Secp256k1;
  /** Contents of a file, or undefined when it cannot be opened (`load=`). */
  readonly readFile: (path: string) => string | undefined;
}

/**
 * Applies bitcoin-tx 0.14 commands (`MutateTx`) to a transaction, with Ocean's additions:
 * `asset=` selects the asset of the outputs added after it (default: the pegged asset),
 * `outfee=` adds an explicit fee output, and a confidential address puts its blinding key into the
 * output nonce.
 */
export class TxEditor {
  private readonly b: TransactionBuilder;
  private asset: Uint8Array;
  readonly registers = new Registers();

  constructor(
    private readonly ctx: EditorContext,
    tx?: Transaction,
  ) {
    this.b = tx ? TransactionBuilder.from(tx) : new TransactionBuilder();
    this.asset = ctx.chain.peggedAsset;
  }

  build(): Transaction {
    return this.b.build();
  }

  /** `MutateTx(command, value)`. */
  apply(command: string, value: string): void {
    switch (command) {
      case 'nversion': return this.setVersion(value);
      case 'locktime': return this.setLocktime(value);
      case 'delin': return this.deleteInput(value);
      case 'in': return this.addInput(value);
      case 'delout': return this.deleteOutput(value);
      case 'outaddr': return this.addOutAddr(value);
      case 'outpubkey': return this.addOutPubKey(value);
      case 'outmultisig': return this.addOutMultisig(value);
      case 'outscript': return this.addOutScript(value);
      case 'outdata': return this.addOutData(value);
      case 'outfee': return this.addOutFee(value);
      case 'asset': return this.setAsset(value);
      case 'sign': return this.sign(value);
      case 'load': return this.registers.load(value, this.ctx.readFile);
      case 'set': return this.registers.set(value);
      default:
        throw new ToolError('unknown command');
    }
  }

  private setVersion(v: string): void {
    const n = atoi64(v);
    if (n < 1n || n > MAX_STANDARD_VERSION) throw new ToolError('Invalid TX version requested');
    this.b.version = Number(n);
  }

  private setLocktime(v: string): void {
    const n = atoi64(v);
    if (n < 0n || n > 0xffffffffn) throw new ToolError('Invalid TX locktime requested');
    this.b.locktime = Number(n);
  }

  private deleteInput(v: string): void {
    const i = atoi(v);
    if (i < 0 || i >= this.b.inputs.length) throw new ToolError(`Invalid TX input index '${v}'`);
    this.b.removeInput(i);
  }

  private deleteOutput(v: string): void {
    const i = atoi(v);
    if (i < 0 || i >= this.b.outputs.length) throw new ToolError(`Invalid TX output index '${v}'`);
    this.b.removeOutput(i);
  }

  private addInput(v: string): void {
    const parts = v.split(':');
    if (parts.length < 2) throw new ToolError('TX input missing separator');
    const txidText = parts[0]!;
    if (txidText.length !== 64 || !isCoreHex(txidText)) throw new ToolError('invalid TX input txid');
    const vout = atoi(parts[1]!);
    if (vout < 0 || vout > MAX_VOUT) throw new ToolError('invalid TX input vout');
    const sequence = parts.length > 2 ? stoulToUint32(parts[2]!) : 0xffffffff;
    this.b.addInput(new TxIn(new OutPoint(fromDisplayHex(txidText), vout), new Uint8Array(0), sequence));
  }

  /** `ExtractAndValidateValue`. */
  private value(s: string): bigint {
    const v = parseMoney(s);
    if (v === undefined) throw new ToolError('invalid TX output value');
    return v;
  }

  private addOutput(value: bigint, script: Uint8Array, nonce: ConfidentialNonce = ConfidentialNonce.NULL): void {
    this.b.addOutput(new TxOut(ConfidentialAsset.fromId(this.asset), ConfidentialValue.fromAmount(value), nonce, script));
  }

  private addOutAddr(v: string): void {
    const parts = v.split(':');
    if (parts.length !== 2) throw new ToolError('TX output missing or too many separators');
    const value = this.value(parts[0]!);
    let addr;
    try {
      addr = decodeAddress(parts[1]!, this.ctx.chain.base58);
    } catch (e) {
      if (e instanceof DecodeError) throw new ToolError('invalid TX output address');
      throw e;
    }
    let nonce = ConfidentialNonce.NULL;
    if (addr.blindingKey) {
      if (!this.ctx.secp.publicKeyVerify(addr.blindingKey)) throw new ToolError('Invalid parameter: invalid confidentiality public key given');
      nonce = ConfidentialNonce.fromBytes(addr.blindingKey.slice());
    }
    this.addOutput(value, scriptForDestination(addr), nonce);
  }

  private addOutPubKey(v: string): void {
    const parts = v.split(':');
    if (parts.length < 2 || parts.length > 3) throw new ToolError('TX output missing or too many separators');
    const value = this.value(parts[0]!);
    const pubkey = parsePubKey(parts[1]!, this.ctx.secp);
    if (!pubkey) throw new ToolError('invalid TX output pubkey');
    let script = scriptForRawPubKey(pubkey);
    const flags = parts[2] ?? '';
    if (flags.includes('W')) {
      if (pubkey.length !== 33) throw new ToolError('Uncompressed pubkeys are not useable for SegWit outputs');
      script = scriptForWitness(script);
    }
    if (flags.includes('S')) script = scriptForP2SH(script);
    this.addOutput(value, script);
  }

  private addOutMultisig(v: string): void {
    const parts = v.split(':');
    if (parts.length < 3) throw new ToolError('Not enough multisig parameters');
    const value = this.value(parts[0]!);
    const required = stoulToUint32(parts[1]!);
    const numkeys = stoulToUint32(parts[2]!);
    if (parts.length < numkeys + 3) throw new ToolError('incorrect number of multisig pubkeys');
    if (required < 1 || required > 20 || numkeys < 1 || numkeys > 20 || numkeys < required) {
      throw new ToolError(`multisig parameter mismatch. Required ${required} of ${numkeys}signatures.`);
    }
    const pubkeys: Uint8Array[] = [];
    for (let pos = 1; pos <= numkeys; pos++) {
      const k = parsePubKey(parts[pos + 2]!, this.ctx.secp);
      if (!k) throw new ToolError('invalid TX output pubkey');
      pubkeys.push(k);
    }
    let flags = '';
    if (parts.length === numkeys + 4) flags = parts[parts.length - 1]!;
    else if (parts.length > numkeys + 4) throw new ToolError('Too many parameters');
    let script = scriptForMultisig(required, pubkeys);
    if (flags.includes('W')) {
      if (pubkeys.some((k) => k.length !== 33)) throw new ToolError('Uncompressed pubkeys are not useable for SegWit outputs');
      script = scriptForWitness(script);
    }
    if (flags.includes('S')) {
      if (script.length > MAX_SCRIPT_ELEMENT_SIZE) {
        throw new ToolError(`redeemScript exceeds size limit: ${script.length} > ${MAX_SCRIPT_ELEMENT_SIZE}`);
      }
      script = scriptForP2SH(script);
    }
    this.addOutput(value, script);
  }

  private addOutData(v: string): void {
    let value = 0n;
    const pos = v.indexOf(':');
    if (pos === 0) throw new ToolError('TX output value not specified');
    if (pos >= 0) value = this.value(v.slice(0, pos));
    const data = v.slice(pos + 1);
    if (!isCoreHex(data)) throw new ToolError('invalid TX output data');
    this.addOutput(value, new ScriptBuilder().op(OP.OP_RETURN).push(parseHexStrict(data)).build());
  }

  private addOutScript(v: string): void {
    const parts = v.split(':');
    if (parts.length < 2) throw new ToolError('TX output missing separator');
    const value = this.value(parts[0]!);
    let script: Uint8Array;
    try {
      script = scriptFromAsm(parts[1]!);
    } catch (e) {
      if (e instanceof ScriptParseError) throw new ToolError('script parse error');
      throw e;
    }
    const flags = parts.length === 3 ? parts[2]! : '';
    if (script.length > MAX_SCRIPT_SIZE) throw new ToolError(`script exceeds size limit: ${script.length} > ${MAX_SCRIPT_SIZE}`);
    if (flags.includes('W')) script = scriptForWitness(script);
    if (flags.includes('S')) {
      if (script.length > MAX_SCRIPT_ELEMENT_SIZE) {
        throw new ToolError(`redeemScript exceeds size limit: ${script.length} > ${MAX_SCRIPT_ELEMENT_SIZE}`);
      }
      script = scriptForP2SH(script);
    }
    this.addOutput(value, script);
  }

  /** Ocean: `outfee=VALUE` — an explicit fee output (empty scriptPubKey) in the current asset. */
  private addOutFee(v: string): void {
    this.addOutput(this.value(v), new Uint8Array(0));
  }

  /** Ocean: `asset=LABEL|HEX` — the asset of the outputs added after this command. */
  private setAsset(v: string): void {
    const asset = this.ctx.chain.assetLabels.resolve(v);
    if (!asset) throw new ToolError(`Unknown label and invalid asset hex: ${v}`);
    this.asset = asset;
  }

  private sign(flags: string): void {
    const signed = signTransaction(this.b.build(), flags, this.registers, this.ctx.chain.base58, this.ctx.secp);
    const next = TransactionBuilder.from(signed);
    this.b.inputs = next.inputs;
    this.b.inWitness = next.inWitness;
  }
}
