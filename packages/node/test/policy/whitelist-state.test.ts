// The address whitelist's state transitions (ocean-policy.md §5, §6) replayed in-process from the
// original's ot-kyc and ot-enc chains: KYC key registration and removal (U), onboarding v0/v1,
// multisig and pubkey-list registrations, blacklisting (W), the mempool test every mined
// transaction passed on the original, the start-up rebuild in UTXO order with its QUIRK, the
// dumpwhitelist file, and an encrypted onboarding decrypted with the KYC key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import {
  Block,
  OutPoint,
  TransactionBuilder,
  TxIn,
  TxoutType,
  compareBytes,
  eciesEncrypt,
  extractDestination,
  fromHex,
  hash160,
  hiddenKeyEntry,
  loadNativeSecp256k1,
  outpointKey,
  parseRegisterPayload,
  policyListScript,
  registerAddressScript,
  solver,
  toHex,
  tweakPublicKey,
  writeEncryptedOnboardPayload,
  writeRegisterPayload,
  addressForDestination,
  type ChainParams,
  type Destination,
  type Transaction,
  type TxOut,
} from '@ocean-ts/core';
import { explicitOutput } from '../../src/mining/coinbase.js';
import { createWhitelist } from '../../src/policy/whitelist-factory.js';
import type { AddressWhitelist, WhitelistWallet } from '../../src/policy/whitelist.js';
import { PlainWhitelist } from '../../src/policy/whitelist-plain.js';
import { formatWhitelistDump } from '../../src/rpc/methods/policy-whitelist.js';
import { corpusChainParams } from '../support/corpus-params.js';
import { readJson } from '../../../core/test/support/vectors.js';

const secp = loadNativeSecp256k1();
const randomBytes = (n: number): Uint8Array => Uint8Array.from(nodeRandomBytes(n));

interface CorpusBlockJson {
  chain: string;
  height: number;
  hex: string;
}
const blocksJson = readJson<{ blocks: CorpusBlockJson[] }>('vectors', 'ocean-corpus', 'blocks.json').blocks;
const txKinds = new Map(readJson<{ transactions: { txid: string; kinds: string[] }[] }>('vectors', 'ocean-corpus', 'transactions.json').transactions.map((t) => [t.txid, t.kinds]));

function chainBlocks(id: string): Block[] {
  return blocksJson
    .filter((b) => b.chain === id)
    .sort((a, b) => a.height - b.height)
    .map((b) => Block.decode(fromHex(b.hex)));
}

const paramsOf = (id: string): ChainParams => corpusChainParams(id);

/** A UTXO set kept while replaying (what the whitelist's spent-output lookup reads). */
class Utxos {
  readonly map = new Map<string, { outpoint: OutPoint; out: TxOut }>();
  lookup = (o: OutPoint): TxOut | undefined => this.map.get(outpointKey(o))?.out;
  apply(block: Block): void {
    for (const tx of block.transactions) {
      if (!tx.isCoinbase) for (const i of tx.inputs) this.map.delete(outpointKey(i.prevout));
      tx.outputs.forEach((out, n) => {
        const s = out.scriptPubKey;
        const unspendable = s.length === 0 || s[0] === 0x6a;
        if (!unspendable) this.map.set(outpointKey(new OutPoint(tx.txid, n)), { outpoint: new OutPoint(tx.txid, n), out });
      });
    }
  }
  /** In UTXO-database order: txid internal bytes, then index. */
  ordered(): { outpoint: OutPoint; out: TxOut }[] {
    return [...this.map.values()].sort((a, b) => compareBytes(a.outpoint.txid, b.outpoint.txid) || a.outpoint.index - b.outpoint.index);
  }
}

const UNLOCKED: WhitelistWallet = { locked: false, privateKey: () => undefined };

function plainList(params: ChainParams, walletEnabled = true): AddressWhitelist {
  const w = createWhitelist({ pkhWhitelist: true, pkhWhitelistEncrypt: false, pkhWhitelistScan: false }, { params, secp, walletEnabled });
  w.attachWallet(walletEnabled ? UNLOCKED : undefined);
  return w;
}

const registerPayloadDests = (params: ChainParams, tx: Transaction): Destination[] => {
  for (const out of tx.outputs) {
    const s = solver(out.scriptPubKey);
    if (!s.type.includes('registeraddress')) continue;
    const entries = parseRegisterPayload(s.solutions[0]!, s.type.endsWith('_v1') ? 1 : 0, {
      secp,
      contractInTx: false,
      contractHash: params.keyTweakHash,
    })!;
    return entries.map((e) => (e.kind === 'multisig' ? { type: 'scripthash', hash: e.scriptId } : { type: 'keyhash', hash: (e as { keyId: Uint8Array }).keyId }));
  }
  return [];
};

test('ot-kyc replay: every mined transaction passes the whitelist as it stood, blacklisting removes, U follows the KYC registrations', () => {
  const params = paramsOf('ot-kyc');
  const blocks = chainBlocks('ot-kyc');
  const w = plainList(params);
  const utxos = new Utxos();
  utxos.apply(blocks[0]!);
  const unassigned: number[] = [];
  let checked = 0;
  const onboarded = new Map<string, Destination[]>();
  for (const block of blocks.slice(1)) {
    const height = blocks.indexOf(block);
    // the original's mempools accepted every transaction of this block at the previous tip
    for (const tx of block.transactions) {
      if (tx.isCoinbase) continue;
      assert.equal(w.checkTransaction(tx), null, `height ${height} ${tx.txidHex} (${txKinds.get(tx.txidHex)})`);
      checked++;
    }
    w.connectBlock(block, height, utxos.lookup);
    utxos.apply(block);
    unassigned.push(w.unassignedCount);
    for (const tx of block.transactions) {
      const kinds = txKinds.get(tx.txidHex) ?? [];
      const dests = registerPayloadDests(params, tx);
      if (kinds.some((k) => k.startsWith('onboard-register'))) {
        onboarded.set(tx.txidHex, dests);
        for (const d of dests) assert.ok(w.isWhitelisted(d), `onboarded at ${height}`);
      }
      if (kinds.includes('onboard-deregister-blacklistuser')) {
        assert.ok(dests.length > 0);
        for (const d of dests) assert.equal(w.isWhitelisted(d), false, `blacklisted at ${height}`);
      }
    }
  }
  assert.ok(checked > 20);
  // 3 keys topped up at height 2; the userkey policy tx adds 2 and the freezelist entry's data key
  // decodes to a valid key too (any asset, QUIRK) at 18; removekycpubkey spends one at 19.
  assert.equal(unassigned[0], 0);
  assert.equal(unassigned[1], 3);
  assert.equal(unassigned[17], 6);
  assert.equal(unassigned[18], 5);
  // the final list: the v0, v1 and multisig onboardings (the pubkey list and the second v0 were blacklisted)
  const all = [...onboarded.values()];
  const expected = new Set([...all[0]!, ...all[1]!, ...all[2]!].map((d) => `${d.type}${toHex(d.hash)}`));
  assert.equal(w.size, expected.size);
  for (const d of w.whitelisted()) assert.ok(expected.has(`${d.type}${toHex(d.hash)}`));
  // a payment to an address that was never onboarded is refused
  const wallet = blocks[5]!.transactions[1]!;
  const stranger = explicitOutput(wallet.outputs[0]!.asset.id, 1000n, fromHex(`76a914${toHex(randomBytes(20))}88ac`));
  assert.equal(w.checkTransaction(TransactionBuilder.from(wallet).addOutput(stranger).build()), 'non-whitelisted-address');
  // ... unless it is a redemption (null address) or the transaction issues on input 0
  const redemption = explicitOutput(wallet.outputs[0]!.asset.id, 1000n, fromHex(`76a914${'00'.repeat(20)}88ac`));
  assert.equal(w.checkTransaction(TransactionBuilder.from(wallet).addOutput(redemption).build()), null);

  // start-up rebuild: the UTXO set in txid order — register and deregister outputs both stay
  // unspent, so a blacklisted set comes back when its deregistration sorts first (QUIRK)
  const rebuilt = plainList(params);
  rebuilt.loadFromUtxo(utxos.ordered());
  const regs = [...onboarded.keys()];
  const deregs = blocks.flatMap((b) => b.transactions).filter((t) => (txKinds.get(t.txidHex) ?? []).includes('onboard-deregister-blacklistuser'));
  let resurrected = 0;
  for (const d of deregs) {
    const dests = registerPayloadDests(params, d);
    const reg = blocks
      .flatMap((b) => b.transactions)
      .find((t) => regs.includes(t.txidHex) && registerPayloadDests(params, t).map((x) => toHex(x.hash)).join() === dests.map((x) => toHex(x.hash)).join())!;
    const comesBack = compareBytes(d.txid, reg.txid) < 0;
    if (comesBack) resurrected += dests.length;
    for (const x of dests) assert.equal(rebuilt.isWhitelisted(x), comesBack, `after restart: ${toHex(x.hash)}`);
  }
  assert.equal(rebuilt.size, w.size + resurrected);
  // U after the rebuild: only whitelist-asset registrations count (the freezelist entry is gone)
  assert.equal(rebuilt.unassignedCount, 4);
});

test('registrations need a wallet, and an unlocked one (QUIRK); without one the tx only updates KYC keys', () => {
  const params = paramsOf('ot-kyc');
  const blocks = chainBlocks('ot-kyc').slice(0, 4);
  for (const [name, make] of [
    ['no wallet support', () => plainList(params, false)],
    [
      'locked wallet',
      () => {
        const w = plainList(params);
        w.attachWallet({ locked: true, privateKey: () => undefined });
        return w;
      },
    ],
  ] as const) {
    const w = make();
    const utxos = new Utxos();
    utxos.apply(blocks[0]!);
    blocks.slice(1).forEach((b, i) => {
      w.connectBlock(b, i + 1, utxos.lookup);
      utxos.apply(b);
    });
    assert.equal(w.size, 0, name);
    assert.equal(w.unassignedCount, 3, name);
  }
});

test('dumpwhitelist: header, key ids then script ids in byte order, footer; mandatory coinbase destination included', () => {
  const params = paramsOf('ot-kyc');
  const w = new PlainWhitelist({ params, secp, enforcing: true, walletEnabled: true, isPolicyAsset: () => false });
  const dests: Destination[] = [
    { type: 'scripthash', hash: fromHex('ff'.repeat(20)) },
    { type: 'keyhash', hash: fromHex('ee'.repeat(20)) },
    { type: 'scripthash', hash: fromHex('01'.repeat(20)) },
    { type: 'keyhash', hash: fromHex('02'.repeat(20)) },
  ];
  for (const d of dests) w.addDestination(d);
  const addr = (d: Destination) => addressForDestination(d, params.base58);
  const want =
    '# Whitelisted address dump - format: [address] [kyckey]\n' +
    [dests[3]!, dests[1]!, dests[2]!, dests[0]!].map((d) => `${addr(d)}\n`).join('') +
    '\n# End of dump\n';
  assert.equal(formatWhitelistDump(w, { params }), want);
  w.remove(dests[1]!);
  assert.equal(w.isWhitelisted(dests[1]!), false);
  w.clear();
  assert.equal(formatWhitelistDump(w, { params }), '# Whitelisted address dump - format: [address] [kyckey]\n\n# End of dump\n');
});

test('the mandatory coinbase destination is whitelisted at start and after a rebuild', () => {
  const params = corpusChainParams('rt-signed');
  const w = plainList(params);
  const mandatory = extractDestination(params.options.mandatoryCoinbase)!;
  assert.ok(w.isWhitelisted(mandatory));
  w.reset();
  assert.ok(w.isWhitelisted(mandatory));
});

test('ot-enc replay without the KYC keys: U gets the five keys, the encrypted onboarding is not readable', () => {
  const params = paramsOf('ot-enc');
  const w = createWhitelist({ pkhWhitelist: false, pkhWhitelistEncrypt: true, pkhWhitelistScan: true }, { params, secp, walletEnabled: true });
  w.attachWallet(UNLOCKED);
  const utxos = new Utxos();
  const blocks = chainBlocks('ot-enc');
  utxos.apply(blocks[0]!);
  blocks.slice(1).forEach((b, i) => {
    w.connectBlock(b, i + 1, utxos.lookup);
    utxos.apply(b);
  });
  assert.equal(w.encrypted, true);
  assert.equal(w.unassignedCount, 5);
  assert.equal(w.size, 0);
  for (const k of w.unassignedKycKeys()) assert.equal(w.kycStatus(k.pubkey), 'white');
  const rebuilt = createWhitelist({ pkhWhitelist: false, pkhWhitelistEncrypt: true, pkhWhitelistScan: true }, { params, secp, walletEnabled: true });
  rebuilt.loadFromUtxo(utxos.ordered());
  assert.equal(rebuilt.unassignedCount, 5);
  assert.deepEqual(rebuilt.unassignedKycKeys().map((k) => toHex(k.pubkey)), w.unassignedKycKeys().map((k) => toHex(k.pubkey)));
});

test('encrypted onboarding: the authority decrypts with the KYC key; blacklisting the KYC key un-whitelists its addresses', () => {
  const params = paramsOf('ot-enc');
  const asset = params.policyAsset('whitelist')!;
  const kycPriv = randomBytes(32);
  const kycPub = secp.publicKeyCreate(kycPriv, true);
  const userPriv = randomBytes(32);
  const userPub = secp.publicKeyCreate(userPriv, true);
  const admin = secp.publicKeyCreate(randomBytes(32), true);
  const w = createWhitelist({ pkhWhitelist: true, pkhWhitelistEncrypt: true, pkhWhitelistScan: false }, { params, secp, walletEnabled: true });
  w.attachWallet({ locked: false, privateKey: (id) => (toHex(id) === toHex(hash160(kycPub)) ? kycPriv : undefined) });
  const funding = new OutPoint(randomBytes(32), 0);
  const coins = new Map<string, TxOut>([[outpointKey(funding), explicitOutput(asset, 10_000n, fromHex(`76a914${toHex(randomBytes(20))}88ac`))]]);
  const lookup = (o: OutPoint) => coins.get(outpointKey(o));
  const txOf = (inputs: OutPoint[], outputs: TxOut[]): Transaction => {
    const b = new TransactionBuilder();
    for (const i of inputs) b.addInput(new TxIn(i, new Uint8Array(0), 0xffffffff));
    for (const o of outputs) b.addOutput(o);
    return b.build();
  };
  // 1. the KYC key registration (hidden-key template in the whitelist asset)
  const reg = txOf([funding], [explicitOutput(asset, 1n, policyListScript(admin, hiddenKeyEntry(kycPub))), explicitOutput(asset, 9_999n, fromHex(`76a914${'11'.repeat(20)}88ac`))]);
  w.connectBlock({ transactions: [reg] } as unknown as Block, 2, lookup);
  reg.outputs.forEach((o, i) => coins.set(outpointKey(new OutPoint(reg.txid, i)), o));
  assert.equal(w.unassignedCount, 1);
  assert.equal(w.kycStatus(kycPub), 'white');
  assert.equal(toHex(w.kycKeyOutpoint(hash160(kycPub))!.txid), toHex(reg.txid));
  // 2. the onboarding: two tweaked addresses, encrypted by the KYC key to the user key
  const pubs = [1, 2].map(() => secp.publicKeyCreate(randomBytes(32), true));
  const entries = pubs.map((p) => ({ kind: 'derived' as const, keyId: hash160(tweakPublicKey(p, params.keyTweakHash, secp)), pubkey: p }));
  const message = eciesEncrypt(secp, writeRegisterPayload(entries, 0), kycPriv, userPub, randomBytes(16));
  const script = registerAddressScript(writeEncryptedOnboardPayload(kycPub, userPub, message), 0);
  assert.equal(solver(script).type, TxoutType.REGISTERADDRESS_V0);
  const onboard = txOf([new OutPoint(reg.txid, 1)], [explicitOutput(asset, 0n, script), explicitOutput(asset, 9_999n, fromHex(`76a914${'11'.repeat(20)}88ac`))]);
  w.connectBlock({ transactions: [onboard] } as unknown as Block, 3, lookup);
  const dests: Destination[] = entries.map((e) => ({ type: 'keyhash', hash: e.keyId }));
  for (const d of dests) {
    assert.ok(w.isWhitelisted(d));
    assert.equal(toHex(w.kycPubKeyOf(d)!), toHex(kycPub));
  }
  // a node without the keys learns nothing from it
  const scan = createWhitelist({ pkhWhitelist: false, pkhWhitelistEncrypt: true, pkhWhitelistScan: true }, { params, secp, walletEnabled: true });
  scan.attachWallet(UNLOCKED);
  scan.connectBlock({ transactions: [reg, onboard] } as unknown as Block, 2, lookup);
  assert.equal(scan.size, 0);
  assert.equal(scan.unassignedCount, 1);
  // 3. spending the KYC registration blacklists the key: its addresses are no longer whitelisted
  const spend = txOf([new OutPoint(reg.txid, 0)], [explicitOutput(asset, 1n, fromHex(`76a914${'22'.repeat(20)}88ac`))]);
  w.connectBlock({ transactions: [spend] } as unknown as Block, 4, lookup);
  assert.equal(w.kycStatus(kycPub), 'black');
  for (const d of dests) {
    assert.equal(w.contains(d), true);
    assert.equal(w.isWhitelisted(d), false);
  }
  // the encrypted dump lists only whitelisted destinations, each with its KYC key's address
  w.addDerived(addressForDestination({ type: 'keyhash', hash: hash160(tweakPublicKey(pubs[0]!, params.keyTweakHash, secp)) }, params.base58), toHex(pubs[0]!));
  const dump = formatWhitelistDump(w, { params });
  assert.equal(dump.split('\n').length, 5);
  assert.match(dump, / 2dZRkPX3hrPtuBrmMkbGtxTxsuYYgAaFrXZ\n/);
});
