import type { JsonValue } from '@ocean-ts/core';
import type {
  BlockHeaderInfo,
  BlockInfo,
  BlockWithTransactions,
  BlockchainInfo,
  DecodedTransaction,
  MempoolAcceptResult,
  MempoolEntry,
  RawTransactionInfo,
  ScriptPubKeyInfo,
  SmartFeeEstimate,
  TxInputInfo,
  TxOutInfo,
  TxOutputInfo,
  UnspentOutput,
  WalletTransaction,
  WalletTxDetail,
} from './bitcoin-types.js';
import { JsonView } from './json-view.js';

/**
 * Result decoders: bitcoind's documented shapes (0.14 … 27), tolerant of the members that moved
 * between versions (`address` / `addresses`, `fee` / `fees.base`, `size` / `vsize`) and of
 * bcoin's `null` for "absent". Each throws `BitcoinResultError` naming the bad member.
 */

export function decodeBlockchainInfo(v: JsonValue, path = 'getblockchaininfo'): BlockchainInfo {
  const o = new JsonView(v, path);
  return {
    chain: o.get('chain').str(),
    blocks: o.get('blocks').int(),
    headers: o.get('headers').int(),
    bestblockhash: o.get('bestblockhash').hash(),
    mediantime: o.get('mediantime').int(),
    pruned: o.get('pruned').optBool() ?? false,
    verificationprogress: o.get('verificationprogress').optNum(),
    initialblockdownload: o.get('initialblockdownload').optBool(),
  };
}

export function decodeBlockHeader(v: JsonValue, path = 'getblockheader'): BlockHeaderInfo {
  const o = new JsonView(v, path);
  return {
    hash: o.get('hash').hash(),
    confirmations: o.get('confirmations').int(),
    height: o.get('height').int(),
    version: o.get('version').int(),
    merkleroot: o.get('merkleroot').hash(),
    time: o.get('time').int(),
    mediantime: o.get('mediantime').optInt(),
    previousblockhash: o.get('previousblockhash').optHash(),
    nextblockhash: o.get('nextblockhash').optHash(),
  };
}

export function decodeScriptPubKey(o: JsonView): ScriptPubKeyInfo {
  const single = o.get('address').optStr();
  const list = o.get('addresses').optArray()?.map((a) => a.str());
  const addresses = list ?? (single !== undefined ? [single] : []);
  return {
    hex: o.get('hex').hex(),
    asm: o.get('asm').optStr() ?? '',
    type: o.get('type').str(),
    address: single ?? (addresses.length === 1 ? addresses[0] : undefined),
    addresses,
  };
}

function decodeInput(o: JsonView): TxInputInfo {
  const coinbase = o.get('coinbase').optStr();
  const scriptSig = o.get('scriptSig');
  return {
    txid: coinbase === undefined ? o.get('txid').hash() : undefined,
    vout: coinbase === undefined ? o.get('vout').int() : undefined,
    coinbase,
    scriptSigHex: scriptSig.absent ? undefined : scriptSig.get('hex').hex(),
    txinwitness: o.get('txinwitness').optArray()?.map((w) => w.hex()) ?? [],
    sequence: o.get('sequence').int(),
  };
}

function decodeOutput(o: JsonView): TxOutputInfo {
  return { value: o.get('value').sats(), n: o.get('n').int(), scriptPubKey: decodeScriptPubKey(o.get('scriptPubKey')) };
}

function decodeTxView(o: JsonView): DecodedTransaction {
  return {
    txid: o.get('txid').hash(),
    hash: o.get('hash').optHash() ?? o.get('txid').hash(),
    version: o.get('version').int(),
    size: o.get('size').int(),
    locktime: o.get('locktime').int(),
    vin: o.get('vin').array().map(decodeInput),
    vout: o.get('vout').array().map(decodeOutput),
  };
}

export function decodeTransaction(v: JsonValue, path = 'decoderawtransaction'): DecodedTransaction {
  return decodeTxView(new JsonView(v, path));
}

export function decodeRawTransaction(v: JsonValue, path = 'getrawtransaction'): RawTransactionInfo {
  const o = new JsonView(v, path);
  return {
    ...decodeTxView(o),
    hex: o.get('hex').hex(),
    blockhash: o.get('blockhash').optHash(),
    confirmations: o.get('confirmations').optInt(),
    blocktime: o.get('blocktime').optInt(),
  };
}

function decodeBlockBase(o: JsonView) {
  return {
    hash: o.get('hash').hash(),
    confirmations: o.get('confirmations').int(),
    height: o.get('height').int(),
    version: o.get('version').int(),
    merkleroot: o.get('merkleroot').hash(),
    time: o.get('time').int(),
    mediantime: o.get('mediantime').optInt(),
    size: o.get('size').int(),
    previousblockhash: o.get('previousblockhash').optHash(),
    nextblockhash: o.get('nextblockhash').optHash(),
  };
}

export function decodeBlock(v: JsonValue, path = 'getblock'): BlockInfo {
  const o = new JsonView(v, path);
  return { ...decodeBlockBase(o), tx: o.get('tx').array().map((t) => t.hash()) };
}

export function decodeBlockWithTransactions(v: JsonValue, path = 'getblock'): BlockWithTransactions {
  const o = new JsonView(v, path);
  return { ...decodeBlockBase(o), tx: o.get('tx').array().map(decodeTxView) };
}

function decodeWalletDetail(o: JsonView): WalletTxDetail {
  return {
    address: o.get('address').optStr(),
    category: o.get('category').str(),
    amount: o.get('amount').sats(),
    label: o.get('label').optStr(),
    vout: o.get('vout').int(),
    fee: o.get('fee').optSats(),
    involvesWatchonly: o.get('involvesWatchonly').optBool() ?? false,
  };
}

export function decodeWalletTransaction(v: JsonValue, path = 'gettransaction'): WalletTransaction {
  const o = new JsonView(v, path);
  return {
    txid: o.get('txid').hash(),
    amount: o.get('amount').sats(),
    fee: o.get('fee').optSats(),
    confirmations: o.get('confirmations').int(),
    blockhash: o.get('blockhash').optHash(),
    blockheight: o.get('blockheight').optInt(),
    blocktime: o.get('blocktime').optInt(),
    time: o.get('time').int(),
    timereceived: o.get('timereceived').int(),
    hex: o.get('hex').hex(),
    details: o.get('details').array().map(decodeWalletDetail),
  };
}

export function decodeUnspentList(v: JsonValue, path = 'listunspent'): UnspentOutput[] {
  return new JsonView(v, path).array().map((o) => ({
    txid: o.get('txid').hash(),
    vout: o.get('vout').int(),
    address: o.get('address').optStr(),
    label: o.get('label').optStr() ?? o.get('account').optStr(),
    scriptPubKey: o.get('scriptPubKey').hex(),
    redeemScript: o.get('redeemScript').optStr(),
    amount: o.get('amount').sats(),
    confirmations: o.get('confirmations').int(),
    spendable: o.get('spendable').bool(),
    solvable: o.get('solvable').optBool() ?? false,
  }));
}

export function decodeMempoolEntry(v: JsonValue, path = 'getmempoolentry'): MempoolEntry {
  const o = new JsonView(v, path);
  const fees = o.get('fees');
  const fee = fees.absent ? o.get('fee').sats() : fees.get('base').sats();
  const modified = fees.absent ? o.get('modifiedfee').optSats() : fees.get('modified').optSats();
  return {
    vsize: o.get('vsize').optInt() ?? o.get('size').int(),
    time: o.get('time').int(),
    height: o.get('height').int(),
    fee,
    modifiedFee: modified ?? fee,
    depends: o.get('depends').optArray()?.map((d) => d.hash()) ?? [],
  };
}

export function decodeSmartFee(v: JsonValue, path = 'estimatesmartfee'): SmartFeeEstimate {
  const o = new JsonView(v, path);
  // bitcoind: `feerate` (BTC/kvB; 0.14 wrote -1 for "no estimate"); bcoin: `fee`, -1 for none.
  const rate = o.get('feerate').absent ? o.get('fee') : o.get('feerate');
  const text = rate.absent ? undefined : rate.num();
  return {
    feerate: text === undefined || text < 0 ? undefined : rate.sats(),
    blocks: o.get('blocks').int(),
    errors: o.get('errors').optArray()?.map((e) => e.str()) ?? [],
  };
}

export function decodeMempoolAccept(v: JsonValue, path = 'testmempoolaccept'): MempoolAcceptResult[] {
  return new JsonView(v, path).array().map((o) => {
    const fees = o.get('fees');
    return {
      txid: o.get('txid').hash(),
      allowed: o.get('allowed').optBool() ?? false,
      rejectReason: o.get('reject-reason').optStr(),
      vsize: o.get('vsize').optInt(),
      fee: fees.absent ? undefined : fees.get('base').optSats(),
    };
  });
}

export function decodeTxOut(v: JsonValue, path = 'gettxout'): TxOutInfo | undefined {
  const o = new JsonView(v, path);
  if (o.absent) return undefined;
  return {
    bestblock: o.get('bestblock').hash(),
    confirmations: o.get('confirmations').int(),
    value: o.get('value').sats(),
    scriptPubKey: decodeScriptPubKey(o.get('scriptPubKey')),
    coinbase: o.get('coinbase').bool(),
  };
}

/** A JSON array of 64-hex hashes (getrawmempool, generatetoaddress). */
export function decodeHashList(v: JsonValue, path: string): string[] {
  return new JsonView(v, path).array().map((h) => h.hash());
}
