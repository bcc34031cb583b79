/**
 * Result shapes of the bitcoind RPCs Mainstay and its tools use, as typed values. Hashes are
 * lowercase display hex; amounts are integer satoshis (exact, parsed from the decimal text);
 * members bitcoind omits (or bcoin writes as `null`) are `undefined`.
 */

/** `getblockchaininfo` (the members every version has). */
export interface BlockchainInfo {
  /** `main`, `test`, `regtest` (bitcoind's names; bcoin reports `regtest` too). */
  readonly chain: string;
  readonly blocks: number;
  readonly headers: number;
  readonly bestblockhash: string;
  readonly mediantime: number;
  readonly pruned: boolean;
  readonly verificationprogress: number | undefined;
  readonly initialblockdownload: boolean | undefined;
}

/** `getblockheader <hash> true`. */
export interface BlockHeaderInfo {
  readonly hash: string;
  /** -1 when the block is not on the best chain. */
  readonly confirmations: number;
  readonly height: number;
  readonly version: number;
  readonly merkleroot: string;
  readonly time: number;
  readonly mediantime: number | undefined;
  readonly previousblockhash: string | undefined;
  readonly nextblockhash: string | undefined;
}

/** `scriptPubKey` of a decoded output. */
export interface ScriptPubKeyInfo {
  readonly hex: string;
  readonly asm: string;
  /** `pubkeyhash`, `scripthash`, `witness_v0_keyhash`, … (bitcoind's names). */
  readonly type: string;
  /**
   * The output's address: bitcoind ≥ 22 `address`, older ones (and bcoin) the only entry of
   * `addresses`. Undefined for outputs without exactly one address.
   */
  readonly address: string | undefined;
  /** `addresses` as reported (older bitcoind, bcoin); `[address]` for newer bitcoind. */
  readonly addresses: readonly string[];
}

export interface TxInputInfo {
  /** Undefined for the coinbase input. */
  readonly txid: string | undefined;
  readonly vout: number | undefined;
  /** The coinbase script hex (coinbase input only). */
  readonly coinbase: string | undefined;
  readonly scriptSigHex: string | undefined;
  readonly txinwitness: readonly string[];
  readonly sequence: number;
}

export interface TxOutputInfo {
  readonly value: number;
  readonly n: number;
  readonly scriptPubKey: ScriptPubKeyInfo;
}

/** A decoded transaction (`getrawtransaction … true`, `getblock … 2` entries). */
export interface DecodedTransaction {
  readonly txid: string;
  /** The witness txid (bitcoind `hash`). */
  readonly hash: string;
  readonly version: number;
  readonly size: number;
  readonly locktime: number;
  readonly vin: readonly TxInputInfo[];
  readonly vout: readonly TxOutputInfo[];
}

/** `getrawtransaction <txid> true`. */
export interface RawTransactionInfo extends DecodedTransaction {
  readonly hex: string;
  /** Undefined while the transaction is unconfirmed. */
  readonly blockhash: string | undefined;
  readonly confirmations: number | undefined;
  readonly blocktime: number | undefined;
}

interface BlockInfoBase {
  readonly hash: string;
  /** -1 when the block is not on the best chain. */
  readonly confirmations: number;
  readonly height: number;
  readonly version: number;
  readonly merkleroot: string;
  readonly time: number;
  readonly mediantime: number | undefined;
  readonly size: number;
  readonly previousblockhash: string | undefined;
  readonly nextblockhash: string | undefined;
}

/** `getblock <hash> 1`: the txids. */
export interface BlockInfo extends BlockInfoBase {
  readonly tx: readonly string[];
}

/** `getblock <hash> 2`: the decoded transactions. */
export interface BlockWithTransactions extends BlockInfoBase {
  readonly tx: readonly DecodedTransaction[];
}

/** One entry of `gettransaction`'s `details`. */
export interface WalletTxDetail {
  readonly address: string | undefined;
  /** `send`, `receive`, `generate`, `immature`, `orphan`. */
  readonly category: string;
  /** Signed satoshis (negative for `send`). */
  readonly amount: number;
  readonly label: string | undefined;
  readonly vout: number;
  /** Signed satoshis (negative), `send` entries only. */
  readonly fee: number | undefined;
  readonly involvesWatchonly: boolean;
}

/** `gettransaction <txid> true`. */
export interface WalletTransaction {
  readonly txid: string;
  /** Net effect on the wallet in signed satoshis. */
  readonly amount: number;
  readonly fee: number | undefined;
  /** 0 unconfirmed, negative when conflicted. */
  readonly confirmations: number;
  /** Set once the transaction is in a block: how Mainstay decides "confirmed". */
  readonly blockhash: string | undefined;
  readonly blockheight: number | undefined;
  readonly blocktime: number | undefined;
  readonly time: number;
  readonly timereceived: number;
  readonly hex: string;
  readonly details: readonly WalletTxDetail[];
}

/** One `listunspent` entry. */
export interface UnspentOutput {
  readonly txid: string;
  readonly vout: number;
  readonly address: string | undefined;
  readonly label: string | undefined;
  readonly scriptPubKey: string;
  readonly redeemScript: string | undefined;
  /** Exact satoshis. */
  readonly amount: number;
  readonly confirmations: number;
  readonly spendable: boolean;
  readonly solvable: boolean;
}

/** `listunspent` filters (bitcoind defaults: minconf 1, maxconf 9999999, all addresses). */
export interface ListUnspentOptions {
  readonly minconf?: number;
  readonly maxconf?: number;
  readonly addresses?: readonly string[];
}

/** `getmempoolentry <txid>`. */
export interface MempoolEntry {
  /** Virtual size (`vsize`, or the old `size`). */
  readonly vsize: number;
  /** Unix time the transaction entered the pool. */
  readonly time: number;
  readonly height: number;
  /** Base fee in satoshis: `fees.base` (bitcoind ≥ 0.17) or the old `fee`. */
  readonly fee: number;
  /** Fee with prioritisation deltas: `fees.modified` / `modifiedfee` (else `fee`). */
  readonly modifiedFee: number;
  readonly depends: readonly string[];
}

/** `estimatesmartfee <n>`. */
export interface SmartFeeEstimate {
  /** Satoshis per 1000 virtual bytes; undefined when the node has no estimate (-1, or `errors`). */
  readonly feerate: number | undefined;
  readonly blocks: number;
  readonly errors: readonly string[];
}

/** One entry of `testmempoolaccept`. */
export interface MempoolAcceptResult {
  readonly txid: string;
  readonly allowed: boolean;
  readonly rejectReason: string | undefined;
  readonly vsize: number | undefined;
  readonly fee: number | undefined;
}

/** `gettxout` (undefined result when spent or unknown). */
export interface TxOutInfo {
  readonly bestblock: string;
  readonly confirmations: number;
  readonly value: number;
  readonly scriptPubKey: ScriptPubKeyInfo;
  readonly coinbase: boolean;
}
