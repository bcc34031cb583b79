/**
 * Elements 0.14's `CWallet::CreateTransaction` (Core 0.14's fee loop with per-asset recipients,
 * change and coin selection, Elements' blinding and issuance, Ocean's fee rules): see ADR 0030.
 */
import {
  AssetIssuance,
  ConfidentialAsset,
  ConfidentialNonce,
  ConfidentialValue,
  DummySignatureCreator,
  OP,
  OutPoint,
  TransactionBuilder,
  TxIn,
  TxInWitness,
  TxOut,
  addDummyBlindedOutput,
  assetEntropy,
  blindTransaction,
  bytesEqual,
  calculateAsset,
  countFieldsToBlind,
  encodePushData,
  produceSignature,
  reissuanceToken,
  scriptForDestination,
  signTransaction,
  type BlindingInput,
  type ChainParams,
  type ConfidentialPrimitives,
  type IssuanceBlindingKeys,
  type RandomSource,
  type Secp256k1,
  type Transaction,
} from '@ocean-ts/core';
import { feeFor } from '../../mempool/fee-rate.js';
import { MAX_STANDARD_TX_WEIGHT } from '../../mempool/options.js';
import { dustThreshold, isDust } from '../../mempool/standardness.js';
import { ReserveKey } from '../keys/reserve-key.js';
import type { WalletKeyStore } from '../keys/wallet-key-store.js';
import { AssetAmounts } from '../ledger/asset-amounts.js';
import type { AvailableCoin } from '../ledger/available-coins.js';
import type { CoinSelectionRandom } from '../ledger/coin-selection-random.js';
import { hexKey } from '../ledger/hex-key.js';
import { MIN_FINAL_CHANGE } from '../ledger/knapsack.js';
import type { UnblindedOutput } from '../ledger/ledger-types.js';
import { selectCoins } from '../ledger/select-coins.js';
import { mayFoldDustChangeIntoFee } from '../ledger/wallet-fee.js';
import type { WalletLedger } from '../ledger/wallet-ledger.js';
import { FAIL, WalletSendError } from './send-error.js';
import type { CreateTransactionRequest, CreatedTransaction, SendNodePort } from './send-types.js';
import { minimumFee, type WalletFeeSettings } from './wallet-fee-settings.js';

const ZERO32 = new Uint8Array(32);
/** `UNBLINDED_REISSUANCE_NONCE`: the nonce of a reissuance spending an explicit token. */
const UNBLINDED_REISSUANCE_NONCE = new Uint8Array(32).fill(0xff);
/** `MAX_BIP125_RBF_SEQUENCE`. */
const RBF_SEQUENCE = 0xfffffffd;
const NON_FINAL_SEQUENCE = 0xfffffffe;

export interface WalletTxBuilderDeps {
  readonly ledger: WalletLedger;
  readonly keys: WalletKeyStore;
  readonly params: ChainParams;
  readonly secp: Secp256k1;
  readonly confidential: ConfidentialPrimitives;
  /** Read on every call (`settxfee` changes `payTxFeePerKb`). */
  readonly fees: WalletFeeSettings;
  /** Ocean: fees in a policy asset are 0 (ocean-policy §11.4). */
  readonly isPolicyAsset: (asset: Uint8Array) => boolean;
  /** The wallet's blinding public key for an output script (change, dummy output). */
  readonly blindingPubKey: (script: Uint8Array) => Uint8Array | undefined;
  /** The issuance blinding key for the issuance on the input spending `prevout`. */
  readonly issuanceBlindingKey: (prevout: OutPoint) => Uint8Array | null;
  /** `-contractintx`: an `OP_RETURN <contract hash>` output in every wallet transaction. */
  readonly contractInTx: boolean;
  readonly random: CoinSelectionRandom;
  readonly blindingRandom: RandomSource;
}

/** What the node must answer while a transaction is built. */
export type BuildNodeView = Pick<SendNodePort, 'tipHeight' | 'withinChainLimit' | 'ancestorLimit' | 'descendantLimit'>;

type OutputKind = 'recipient' | 'issued-asset' | 'issued-token' | 'change' | 'token-return' | 'fee' | 'contract';

/** One output while the transaction is planned (explicit; blinded at the end). */
interface PlannedOutput {
  kind: OutputKind;
  asset: Uint8Array;
  amount: bigint;
  readonly script: Uint8Array;
  /** Blinding public key (receiver's, or the wallet's for change). */
  pubkey: Uint8Array | undefined;
}

function explicitOut(o: PlannedOutput): TxOut {
  const nonce = o.pubkey !== undefined ? ConfidentialNonce.fromBytes(o.pubkey) : ConfidentialNonce.NULL;
  return new TxOut(ConfidentialAsset.fromId(o.asset), ConfidentialValue.fromAmount(o.amount), nonce, o.script);
}

function blindingInputOf(c: AvailableCoin): BlindingInput {
  return { asset: c.asset, assetBlinder: c.assetBlinder, value: c.value, valueBlinder: c.valueBlinder };
}

function isBlindedCoin(c: AvailableCoin): boolean {
  return !c.txOut.value.isExplicit || !c.txOut.asset.isExplicit;
}

/** A pubkey-sized key (`CPubKey::IsValid`). */
function hasKey(k: Uint8Array | undefined): k is Uint8Array {
  return k !== undefined && (k.length === 33 || k.length === 65);
}

/**
 * Builds, blinds and signs wallet transactions. One instance per wallet; not re-entrant on its own
 * (the `WalletSender` serializes creation and commit).
 */
export class WalletTxBuilder {
  constructor(private readonly d: WalletTxBuilderDeps) {}

  /**
   * `CreateTransaction`: pay the recipients (Elements `CRecipient`s), select coins per asset, pay
   * the fee in `feeAsset` (0 for a policy asset, exactly `-fixedtxfee` when set, else the size-based
   * fee iterated as Core 0.14 does), return change per asset, add the issuance, blind and sign.
   * Throws `WalletSendError` with the original's `strFailReason`.
   */
  async create(req: CreateTransactionRequest, node: BuildNodeView): Promise<CreatedTransaction> {
    const d = this.d;
    const sign = req.sign ?? true;
    const blind = req.blind ?? true;
    if (sign && d.keys.isLocked) throw new WalletSendError('locked', FAIL.locked);
    const feeAsset = req.feeAsset ?? d.params.feeAsset;
    const feeKey = hexKey(feeAsset);
    const cc = req.coinControl ?? {};
    const issuance = req.issuance;
    const fees = d.fees;
    const policyFee = d.isPolicyAsset(feeAsset);
    const fixedFee = fees.fixedTxFee > 0n && !policyFee;
    const mayFold = mayFoldDustChangeIntoFee({ fixedTxFee: fees.fixedTxFee, isPolicyAsset: d.isPolicyAsset }) && !policyFee;

    // The payments (issuance outputs are recipients whose asset is only known once vin[0] is).
    interface Payment {
      kind: OutputKind;
      asset: Uint8Array;
      amount: bigint;
      script: Uint8Array;
      pubkey: Uint8Array | undefined;
      subtract: boolean;
    }
    const payments: Payment[] = req.recipients.map((r) => ({
      kind: 'recipient' as const,
      asset: r.asset,
      amount: r.amount,
      script: r.scriptPubKey,
      pubkey: hasKey(r.blindingPubkey) ? r.blindingPubkey : undefined,
      subtract: r.subtractFeeFromAmount,
    }));
    if (issuance?.kind === 'issue') {
      if (issuance.assetAmount > 0n) {
        payments.push({ kind: 'issued-asset', asset: ZERO32, amount: issuance.assetAmount, script: issuance.assetScript, pubkey: issuance.assetBlindingPubkey, subtract: false });
      }
      if (issuance.tokenAmount > 0n) {
        payments.push({ kind: 'issued-token', asset: ZERO32, amount: issuance.tokenAmount, script: issuance.tokenScript, pubkey: issuance.tokenBlindingPubkey, subtract: false });
      }
    } else if (issuance?.kind === 'reissue') {
      payments.push({ kind: 'issued-asset', asset: issuance.asset, amount: issuance.amount, script: issuance.assetScript, pubkey: issuance.assetBlindingPubkey, subtract: false });
    }
    let nSubtract = 0;
    const value = new AssetAmounts();
    for (const p of payments) {
      if (p.amount < 0n) throw new WalletSendError('create', FAIL.negative);
      if (p.subtract) nSubtract++;
      if (p.kind === 'recipient') value.add(p.asset, p.amount);
    }
    if (payments.length === 0) throw new WalletSendError('create', FAIL.noRecipients);

    // Anti fee sniping (0.14): the tip height, sometimes up to 99 blocks less.
    let locktime = Math.max(0, node.tipHeight());
    if (d.random.randInt(10) === 0) locktime = Math.max(0, locktime - d.random.randInt(100));
    const sequence = fees.rbf ? RBF_SEQUENCE : NON_FINAL_SEQUENCE;

    // Coins: every available coin of the wallet, or those coin control allows.
    const selectedOutpoints = cc.selected ?? [];
    const allowOthers = cc.allowOtherInputs ?? true;
    const available =
      cc.restrictTo ??
      d.ledger.availableCoins({
        onlySafe: true,
        allowWatchOnly: cc.allowWatchOnly ?? false,
        ...(selectedOutpoints.length > 0 ? { coinControl: { selected: selectedOutpoints, allowOtherInputs: allowOthers } } : {}),
      });
    const presetCoins = selectedOutpoints.map((o) => d.ledger.coin(o.txid, o.index));

    const reserved = new Map<string, ReserveKey>();
    const changeScriptFor = async (assetKey: string): Promise<Uint8Array> => {
      const given = cc.changeScript;
      const s = typeof given === 'function' ? given(assetKey) : given;
      if (s !== undefined) return s;
      let rk = reserved.get(assetKey);
      if (rk === undefined) reserved.set(assetKey, (rk = new ReserveKey(d.keys)));
      const key = await rk.get();
      if (key === undefined) throw new WalletSendError('create', FAIL.keypoolRanOut);
      return scriptForDestination({ type: 'keyhash', hash: key.keyId });
    };
    const releaseAll = (): void => {
      for (const rk of reserved.values()) rk.return();
    };

    try {
      let feeRet = 0n;
      let outputs: PlannedOutput[] = [];
      let coins: AvailableCoin[] = [];
      let changePos = -1;
      let issued: { vin: number; entropy: Uint8Array; asset: Uint8Array; token: Uint8Array } | undefined;
      for (let round = 0; ; round++) {
        if (round > 1000) throw new WalletSendError('create', FAIL.feePolicy, feeRet);
        outputs = [];
        changePos = -1;
        // nValueToSelect: the recipients, plus the fee unless a recipient pays it.
        const targets = value.clone();
        if (nSubtract === 0 && feeRet > 0n) targets.add(feeAsset, feeRet);
        if (issuance?.kind === 'reissue') targets.add(issuance.token, 1n);

        let first = true;
        const paid: PlannedOutput[] = [];
        for (const p of payments) {
          let amount = p.amount;
          if (p.subtract) {
            amount -= feeRet / BigInt(nSubtract);
            if (first) {
              first = false;
              amount -= feeRet % BigInt(nSubtract);
            }
          }
          const o: PlannedOutput = { kind: p.kind, asset: p.asset, amount, script: p.script, pubkey: p.pubkey };
          if (amount < 0n || isDust(explicitOut(o), fees.dustRelayFeePerKb)) {
            if (p.subtract && feeRet > 0n) throw new WalletSendError('create', amount < 0n ? FAIL.tooSmallToPayFee : FAIL.tooSmallAfterFee, feeRet);
            throw new WalletSendError('create', FAIL.tooSmall, feeRet);
          }
          outputs.push(o);
          paid.push(o);
        }

        // Choose coins to use.
        const picked = selectCoins(available, targets, {
          random: d.random,
          spendZeroConfChange: fees.spendZeroConfChange,
          rejectLongChains: fees.rejectLongChains,
          ancestorLimit: node.ancestorLimit,
          descendantLimit: node.descendantLimit,
          withinChainLimit: (c, limit) => !c.inMempool || node.withinChainLimit(c.txid, limit),
          ...(selectedOutpoints.length > 0 ? { coinControl: { selected: presetCoins, allowOtherInputs: allowOthers } } : {}),
        });
        if (picked === undefined) throw new WalletSendError('create', FAIL.insufficientFunds, feeRet);
        coins = picked.coins;

        // Change per asset (asset-id order), inserted at a random position (or where asked).
        let tokenReturn: PlannedOutput | undefined;
        for (const assetKey of picked.values.keys()) {
          const asset = Buffer.from(assetKey, 'hex');
          let change = picked.values.getKey(assetKey) - targets.getKey(assetKey);
          if (issuance?.kind === 'reissue' && bytesEqual(asset, issuance.token)) {
            // The token coin goes back whole to the token address.
            change += 1n;
            tokenReturn = { kind: 'token-return', asset: issuance.token, amount: change, script: issuance.tokenScript, pubkey: issuance.tokenBlindingPubkey };
            continue;
          }
          const isFeeAsset = assetKey === feeKey;
          if (change <= 0n) {
            reserved.get(assetKey)?.return();
            continue;
          }
          const o: PlannedOutput = { kind: 'change', asset: Uint8Array.from(asset), amount: change, script: await changeScriptFor(assetKey), pubkey: undefined };
          if (isFeeAsset) {
            // Raise dust change and take the difference from the first fee-paying recipient.
            if (nSubtract > 0 && isDust(explicitOut(o), fees.dustRelayFeePerKb)) {
              const dust = dustThreshold(explicitOut(o), fees.dustRelayFeePerKb) - o.amount;
              o.amount += dust;
              const payer = paid.find((_, i) => payments[i]!.subtract);
              if (payer !== undefined) {
                payer.amount -= dust;
                if (isDust(explicitOut(payer), fees.dustRelayFeePerKb)) throw new WalletSendError('create', FAIL.tooSmallAfterFee, feeRet);
              }
            }
            // Never create dust outputs; if we would, just add the dust to the fee.
            if (mayFold && isDust(explicitOut(o), fees.dustRelayFeePerKb)) {
              feeRet += o.amount;
              reserved.get(assetKey)?.return();
              continue;
            }
          }
          let pos: number;
          const requested = req.changePosition ?? -1;
          if (isFeeAsset && requested !== -1) {
            if (requested > outputs.length) throw new WalletSendError('create', FAIL.changeIndex, feeRet);
            pos = requested;
          } else pos = d.random.randInt(outputs.length + 1);
          outputs.splice(pos, 0, o);
          if (isFeeAsset) changePos = pos;
          else if (changePos >= pos) changePos++;
        }
        if (tokenReturn !== undefined) outputs.push(tokenReturn);
        // One explicit fee output (sized even while the fee is still 0), and the contract output.
        if (!policyFee) outputs.push({ kind: 'fee', asset: feeAsset, amount: feeRet, script: new Uint8Array(0), pubkey: undefined });
        if (d.contractInTx) outputs.push({ kind: 'contract', asset: feeAsset, amount: 0n, script: contractScript(d.params.contractHashAt(node.tipHeight())), pubkey: undefined });

        issued = this.applyIssuanceIds(req, coins, outputs);
        const sized = this.assemble(outputs, coins, locktime, sequence, req, blind, issued);
        const bytes = this.dummySigned(sized.tx, coins).virtualSize();

        let needed: bigint;
        if (policyFee) needed = 0n;
        else if (fixedFee) needed = fees.fixedTxFee;
        else if (cc.feeRatePerKb !== undefined) needed = feeFor(cc.feeRatePerKb, bytes);
        else needed = minimumFee(fees, bytes);
        if (!policyFee && !fixedFee && needed < feeFor(fees.minRelayTxFeePerKb, bytes)) throw new WalletSendError('create', FAIL.feePolicy, feeRet);

        const change = changePos >= 0 ? outputs[changePos]! : undefined;
        if (feeRet >= needed) {
          // Reduce the fee to what is needed when there is change to take the rest.
          if (feeRet > needed && change !== undefined && nSubtract === 0) {
            change.amount += feeRet - needed;
            feeRet = needed;
          }
          break;
        }
        if (change !== undefined && nSubtract === 0) {
          const additional = needed - feeRet;
          if (change.amount >= MIN_FINAL_CHANGE + additional) {
            change.amount -= additional;
            feeRet += additional;
            break;
          }
        }
        feeRet = needed;
      }

      // The final fee output (only a positive fee gets one), then blind and sign.
      const feeOut = outputs.findIndex((o) => o.kind === 'fee');
      if (feeOut >= 0) {
        if (feeRet > 0n) outputs[feeOut]!.amount = feeRet;
        else {
          outputs.splice(feeOut, 1);
          if (changePos > feeOut) changePos--;
        }
      }
      const changePositions: number[] = [];
      outputs.forEach((o, i) => {
        if (o.kind === 'change') changePositions.push(i);
      });
      for (const [assetKey, rk] of reserved) if (!outputs.some((o) => o.kind === 'change' && hexKey(o.asset) === assetKey)) rk.return();

      const built = this.assemble(outputs, coins, locktime, sequence, req, blind, issued);
      let tx = built.tx;
      if (sign) {
        const r = signTransaction({
          variants: [tx],
          spentOutput: (i) => ({ scriptPubKey: coins[i]!.txOut.scriptPubKey, amount: coins[i]!.txOut.value }),
          provider: d.keys,
          secp: d.secp,
        });
        if (!r.complete) throw new WalletSendError('create', FAIL.signing, feeRet);
        tx = r.tx;
      }
      if (tx.weight >= MAX_STANDARD_TX_WEIGHT) throw new WalletSendError('create', FAIL.tooLarge, feeRet);
      if (fees.rejectLongChains) {
        for (const c of coins) {
          if (c.inMempool && !node.withinChainLimit(c.txid, Math.min(node.ancestorLimit, node.descendantLimit))) throw new WalletSendError('create', FAIL.longChain, feeRet);
        }
      }
      const keys = [...reserved.values()];
      return {
        tx,
        fee: feeRet,
        feeAsset,
        changePosition: changePos,
        changePositions,
        coins,
        known: built.known,
        ...(issued !== undefined ? { issuance: issued } : {}),
        keepKeys: async () => {
          for (const rk of keys) await rk.keep();
        },
        releaseKeys: () => {
          for (const rk of keys) rk.return();
        },
      };
    } catch (e) {
      releaseAll();
      throw e;
    }
  }

  /** Issuance ids for this round's inputs; fills the issued outputs' asset ids. */
  private applyIssuanceIds(req: CreateTransactionRequest, coins: readonly AvailableCoin[], outputs: PlannedOutput[]) {
    const iss = req.issuance;
    if (iss === undefined) return undefined;
    if (iss.kind === 'issue') {
      if (coins.length === 0) return undefined;
      const entropy = assetEntropy(new OutPoint(coins[0]!.txid, coins[0]!.index), ZERO32);
      const asset = calculateAsset(entropy);
      const token = reissuanceToken(entropy, iss.blind && iss.assetAmount > 0n);
      for (const o of outputs) {
        if (o.kind === 'issued-asset') o.asset = asset;
        if (o.kind === 'issued-token') o.asset = token;
      }
      return { vin: 0, entropy, asset, token };
    }
    const vin = coins.findIndex((c) => c.asset !== null && bytesEqual(c.asset, iss.token));
    if (vin < 0) return undefined;
    return { vin, entropy: iss.entropy, asset: iss.asset, token: iss.token };
  }

  /** The transaction of `outputs` and `coins`, with the issuance, blinded when asked. */
  private assemble(
    outputs: readonly PlannedOutput[],
    coins: readonly AvailableCoin[],
    locktime: number,
    sequence: number,
    req: CreateTransactionRequest,
    blind: boolean,
    issued: { vin: number } | undefined,
  ): { tx: Transaction; known: Map<number, UnblindedOutput> } {
    const d = this.d;
    const b = new TransactionBuilder();
    b.version = 2;
    b.locktime = locktime;
    const iss = req.issuance;
    const issuanceKeys: (IssuanceBlindingKeys | null)[] = [];
    coins.forEach((c, i) => {
      const prevout = new OutPoint(c.txid, c.index);
      let issuance = AssetIssuance.NULL;
      if (iss !== undefined && issued !== undefined && issued.vin === i) {
        if (iss.kind === 'issue') {
          issuance = new AssetIssuance(
            ZERO32,
            ZERO32,
            iss.assetAmount > 0n ? ConfidentialValue.fromAmount(iss.assetAmount) : ConfidentialValue.NULL,
            iss.tokenAmount > 0n ? ConfidentialValue.fromAmount(iss.tokenAmount) : ConfidentialValue.NULL,
          );
          if (iss.blind) {
            const k = d.issuanceBlindingKey(prevout);
            issuanceKeys[i] = { asset: k, token: k };
          }
        } else {
          const nonce = c.assetBlinder.every((x) => x === 0) ? UNBLINDED_REISSUANCE_NONCE : c.assetBlinder;
          issuance = new AssetIssuance(nonce, iss.entropy, ConfidentialValue.fromAmount(iss.amount), ConfidentialValue.NULL);
          if (iss.blind) issuanceKeys[i] = { asset: d.issuanceBlindingKey(prevout) };
        }
      }
      b.addInput(new TxIn(prevout, new Uint8Array(0), sequence, issuance), TxInWitness.EMPTY);
    });
    while (issuanceKeys.length < coins.length) issuanceKeys.push(null);

    // Change (and the returned token) is blinded when anything else is: a blinded recipient, input or issuance.
    const pubkeys: (Uint8Array | null)[] = outputs.map((o) => (hasKey(o.pubkey) ? o.pubkey : null));
    const anyBlind =
      blind &&
      (pubkeys.some((k) => k !== null) || coins.some(isBlindedCoin) || issuanceKeys.some((k) => k !== null && (k.asset != null || k.token != null)));
    if (anyBlind) {
      outputs.forEach((o, i) => {
        if ((o.kind === 'change' || o.kind === 'token-return') && pubkeys[i] === null) pubkeys[i] = d.blindingPubKey(o.script) ?? null;
      });
    }
    for (const o of outputs) b.addOutput(explicitOut(o));
    let tx = b.build();
    const known = new Map<number, UnblindedOutput>();
    // A first sizing round may have no inputs yet (only a fee to select for): nothing to blind against.
    if (!anyBlind || coins.length === 0) return { tx, known };

    const inputs = coins.map(blindingInputOf);
    const dummyKey = d.blindingPubKey(Uint8Array.of(OP.OP_RETURN));
    let keys = pubkeys;
    if (dummyKey !== undefined) {
      const r = addDummyBlindedOutput(tx, inputs, pubkeys, dummyKey, issuanceKeys);
      tx = r.tx;
      keys = r.outputPubkeys;
    }
    const expected = countFieldsToBlind(tx, keys, issuanceKeys);
    if (expected === 0) return { tx, known };
    const r = blindTransaction(d.confidential, {
      tx,
      inputs,
      outputPubkeys: keys,
      issuanceKeys,
      random: d.blindingRandom,
      ...(d.fees.ctBits !== undefined ? { ctBits: d.fees.ctBits } : {}),
      ...(d.fees.ctExponent !== undefined ? { ctExponent: d.fees.ctExponent } : {}),
    });
    if (r.blinded !== expected) throw new WalletSendError('create', FAIL.blind);
    tx.outputs.forEach((o, i) => {
      if (keys[i] == null) return;
      known.set(i, { value: o.value.amount, asset: o.asset.id.slice(), valueBlinder: r.valueBlinders[i]!, assetBlinder: r.assetBlinders[i]! });
    });
    return { tx: r.tx, known };
  }

  /** `DummySignTx`: every input with a 72-byte placeholder signature (for the size). */
  private dummySigned(tx: Transaction, coins: readonly AvailableCoin[]): Transaction {
    const b = TransactionBuilder.from(tx);
    const creator = new DummySignatureCreator(this.d.keys);
    coins.forEach((c, i) => {
      const r = produceSignature(creator, c.txOut.scriptPubKey);
      if (!r.complete) throw new WalletSendError('create', FAIL.signing);
      const input = b.inputs[i]!;
      b.setInput(i, new TxIn(input.prevout, r.data.scriptSig, input.sequence, input.issuance, input.isPegin));
      const w = b.inWitness[i] ?? TxInWitness.EMPTY;
      b.setInputWitness(i, new TxInWitness(w.issuanceAmountRangeproof, w.inflationKeysRangeproof, r.data.scriptWitness, w.peginWitness));
    });
    return b.build();
  }
}

/** `OP_RETURN <32-byte contract hash>` (ocean-policy §8.4). */
function contractScript(hash: Uint8Array): Uint8Array {
  const push = encodePushData(hash);
  const s = new Uint8Array(1 + push.length);
  s[0] = OP.OP_RETURN;
  s.set(push, 1);
  return s;
}
