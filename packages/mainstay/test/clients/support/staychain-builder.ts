// Builds a real staychain in a bcoin regtest node the way the attestation service would: a funded
// base output, then attestation transactions made with crypto/'s builder and signing, broadcast and
// mined one per block. Each attestation comes with the store record the daemon would write.
import {
  BITCOIN_REGTEST,
  bytesEqual,
  decodeBitcoinWif,
  fromHex,
  toHex,
  type Secp256k1,
} from '@ocean-ts/core';
import type { BitcoinClient } from '@ocean-ts/rpc-client';
import type { BcoinRegtest } from '@ocean-ts/test-harness';
import { commitmentFromDisplayHex } from '../../../src/crypto/commitment-path.js';
import { ClassicFeeModel, SegwitFeeModel } from '../../../src/crypto/fee-estimate.js';
import { tweakPrivateKey } from '../../../src/crypto/key-tweak.js';
import { assembleMultisigTransaction, legacyPreimages, preimageDigest, signDigest } from '../../../src/crypto/legacy-signing.js';
import { attachP2wpkhWitnesses, segwitSighashes } from '../../../src/crypto/segwit-signing.js';
import { MultisigStaychain, SegwitStaychain } from '../../../src/crypto/staychain-outputs.js';
import {
  CLASSIC_TX_VERSION,
  SEGWIT_TX_VERSION,
  buildUnsignedAttestation,
  type AttestationUtxo,
} from '../../../src/crypto/attestation-transaction.js';
import { CommitmentMerkleTree } from '../../../src/merkle/commitment-merkle-tree.js';
import type { AttestationRecord } from '../../../src/store/documents.js';
import type { BitcoinTransaction } from '@ocean-ts/core';

const ZERO = new Uint8Array(32);

/** The keys of a test staychain: Profile A m-of-n with every signer's WIF, or Profile B one key. */
export type BuilderKeys =
  | { readonly profile: 'A'; readonly redeemScriptHex: string; readonly wifs: readonly string[]; readonly chaincodes: readonly string[] }
  | { readonly profile: 'B'; readonly wif: string; readonly chaincode: string };

export interface BuiltAttestation {
  readonly txid: string;
  readonly root: string;
  readonly blockhash: string;
  readonly commitments: readonly string[];
  readonly record: AttestationRecord;
}

export class StaychainBuilder {
  readonly outputs: MultisigStaychain | SegwitStaychain;
  readonly baseTxid: string;
  readonly baseVout: number;
  private tip: AttestationUtxo;
  private lastRoot: Uint8Array = ZERO;
  readonly attestations: BuiltAttestation[] = [];

  private constructor(
    private readonly secp: Secp256k1,
    private readonly keys: BuilderKeys,
    private readonly bcoin: BcoinRegtest,
    private readonly bitcoin: BitcoinClient,
    outputs: MultisigStaychain | SegwitStaychain,
    base: AttestationUtxo,
  ) {
    this.outputs = outputs;
    this.baseTxid = base.txid;
    this.baseVout = base.vout;
    this.tip = base;
  }

  /** Fund the staychain base (the untweaked address) with `sats` and mine it. */
  static async create(secp: Secp256k1, keys: BuilderKeys, bcoin: BcoinRegtest, bitcoin: BitcoinClient, sats: number): Promise<StaychainBuilder> {
    const outputs =
      keys.profile === 'A'
        ? new MultisigStaychain(secp, fromHex(keys.redeemScriptHex), keys.chaincodes.map((c) => fromHex(c)), BITCOIN_REGTEST)
        : new SegwitStaychain(secp, secp.publicKeyCreate(decodeBitcoinWif(keys.wif, BITCOIN_REGTEST).key, true), fromHex(keys.chaincode), BITCOIN_REGTEST);
    const baseScript = outputs.scriptPubKeyFor(ZERO);
    const txid = await bcoin.fundScript(toHex(baseScript), sats);
    await bcoin.mine(1);
    const tx = await bitcoin.getRawTransaction(txid);
    const vout = tx.vout.findIndex((o) => o.scriptPubKey.hex === toHex(baseScript));
    if (vout < 0) throw new Error('funding transaction does not pay to the base script');
    return new StaychainBuilder(secp, keys, bcoin, bitcoin, outputs, { txid, vout: tx.vout[vout]!.n, value: BigInt(tx.vout[vout]!.value) });
  }

  /**
   * Attest the tree of `commitments` (display hex by position; '' = empty slot): build, sign,
   * broadcast and mine the attestation; returns it with the record the daemon would store.
   */
  async attest(commitments: readonly string[]): Promise<BuiltAttestation> {
    const tree = new CommitmentMerkleTree(commitments.map((c) => (c === '' ? undefined : c)));
    const rootInternal = commitmentFromDisplayHex(tree.root);
    const profileA = this.keys.profile === 'A';
    const feeModel = profileA ? new ClassicFeeModel(fromHex((this.keys as { redeemScriptHex: string }).redeemScriptHex).length, this.m) : new SegwitFeeModel();
    const unsigned = buildUnsignedAttestation({
      tip: this.tip,
      outputScript: this.outputs.scriptPubKeyFor(rootInternal),
      version: profileA ? CLASSIC_TX_VERSION : SEGWIT_TX_VERSION,
      feeModel,
      feePerByte: 10,
      maxFeePerByte: 20,
    });
    const signed = this.sign(unsigned.tx);
    const txid = await this.bitcoin.sendRawTransaction(signed.toHex());
    if (txid !== signed.txidHex) throw new Error(`node reports txid ${txid}, expected ${signed.txidHex}`);
    const [blockhash] = await this.bcoin.mine(1);
    const info = await this.bitcoin.getRawTransaction(txid);
    if (info.blockhash !== blockhash) throw new Error(`attestation ${txid} not mined in ${blockhash!}`);
    const value = signed.outputs[0]!.value;
    const record: AttestationRecord = {
      attestation: { txid, merkleRoot: tree.root, confirmed: true, insertedAt: Date.now() },
      commitments: tree.commitmentDocs(),
      proofs: tree.proofs(),
      info: { txid, blockhash: blockhash!, amount: Number(value), time: info.blocktime ?? Math.floor(Date.now() / 1000) },
    };
    this.tip = { txid, vout: 0, value };
    this.lastRoot = rootInternal;
    const built = { txid, root: tree.root, blockhash: blockhash!, commitments: [...commitments], record };
    this.attestations.push(built);
    return built;
  }

  private get m(): number {
    return this.outputs instanceof MultisigStaychain ? this.outputs.m : 1;
  }

  /** Sign input 0 with the keys tweaked by the last attested root (untweaked for the base). */
  private sign(tx: BitcoinTransaction): BitcoinTransaction {
    if (this.keys.profile === 'A') {
      const outputs = this.outputs as MultisigStaychain;
      const redeem = outputs.redeemScriptFor(this.lastRoot);
      const [preimage] = legacyPreimages(tx, redeem);
      const digest = preimageDigest(preimage!.toBytes(false));
      const sigs = this.keys.wifs.slice(0, outputs.m).map((wif, i) => {
        const key = tweakPrivateKey(this.secp, decodeBitcoinWif(wif, BITCOIN_REGTEST).key, fromHex(this.keys.profile === 'A' ? this.keys.chaincodes[i]! : ''), this.lastRoot);
        const pub = this.secp.publicKeyCreate(key, true);
        if (!bytesEqual(pub, outputs.tweakedPubkeysFor(this.lastRoot)[i]!) && !bytesEqual(this.lastRoot, ZERO)) throw new Error(`signer ${i} key does not match the script`);
        return signDigest(this.secp, key, digest);
      });
      return assembleMultisigTransaction(tx, [sigs], outputs.m, [redeem]);
    }
    const outputs = this.outputs as SegwitStaychain;
    const key = tweakPrivateKey(this.secp, decodeBitcoinWif(this.keys.wif, BITCOIN_REGTEST).key, fromHex(this.keys.chaincode), this.lastRoot);
    const [sighash] = segwitSighashes(tx, [{ scriptPubKey: outputs.scriptPubKeyFor(this.lastRoot), value: this.tip.value }]);
    return attachP2wpkhWitnesses(tx, [{ signature: signDigest(this.secp, key, sighash!), pubkey: this.secp.publicKeyCreate(key, true) }], this.secp);
  }
}
