// The wallet's CreateTransaction / CommitTransaction (ADR 0030) on a real NodeWallet following an
// in-process node: the fee loop against the original's sizes, change and subtract-fee, -fixedtxfee,
// policy-asset fees, -contractintx, blinding that another wallet opens, blinded issuance and
// reissuance, the locked wallet, what commit stores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  OutPoint,
  Transaction,
  bytesEqual,
  decodeAddress,
  fromHex,
  issuanceIds,
  scriptForDestination,
  toDisplayHex,
  toHex,
} from '@ocean-ts/core';
import { sendNodePort } from '../../../src/rpc/methods/wallet-send-port.js';
import { XoshiroRandom } from '../../../src/wallet/ledger/coin-selection-random.js';
import { NodeWallet } from '../../../src/wallet/node-wallet.js';
import { WalletSendError } from '../../../src/wallet/send/send-error.js';
import { DEFAULT_WALLET_FEE_SETTINGS, type WalletFeeSettings } from '../../../src/wallet/send/wallet-fee-settings.js';
import { WalletSender } from '../../../src/wallet/send/wallet-sender.js';
import { WalletTxBuilder } from '../../../src/wallet/send/wallet-tx-builder.js';
import { ledgerChainSource } from '../../../src/wallet/wallet-chain-link.js';
import { chainParams, json, secp, type TestNode } from '../../rpc/methods/support/test-node.js';
import { walletTestNode } from '../../rpc/methods/support/wallet-test-node.js';

const COIN = 100_000_000n;

function scriptOf(node: TestNode, address: string): Uint8Array {
  const a = decodeAddress(address, node.params.base58);
  return scriptForDestination({ type: a.type, hash: a.hash });
}

/** A sender over `w` with fee settings changed as given (the wallet's own is left alone). */
function senderWith(w: NodeWallet, node: TestNode, fees: Partial<WalletFeeSettings>, policy: (a: Uint8Array) => boolean = () => false): WalletSender {
  const builder = new WalletTxBuilder({
    ledger: w.ledger,
    keys: w.keys,
    params: node.params,
    secp,
    confidential: w.blinding.primitives,
    fees: { ...DEFAULT_WALLET_FEE_SETTINGS, ...fees },
    isPolicyAsset: policy,
    blindingPubKey: (s) => w.blindingPubKey(s),
    issuanceBlindingKey: (p) => w.blinding.issuanceKeyFor(p),
    contractInTx: node.params.options.contractInTx,
    random: XoshiroRandom.seeded('builder-test'),
    blindingRandom: (n) => crypto.getRandomValues(new Uint8Array(n)),
  });
  return new WalletSender(builder, w.ledger);
}

/** Pay `amount` CBT to a new wallet P2PKH address and mine it; the coin's outpoint. */
async function fundP2pkh(node: TestNode, amount: number): Promise<OutPoint> {
  const addr = (await node.call('getnewaddress')) as string;
  const txid = (await node.call('sendtoaddress', [addr, json(amount)])) as string;
  await node.generate(1);
  const tx = Transaction.decode(fromHex((await node.call('getrawtransaction', [txid])) as string));
  const n = tx.outputs.findIndex((o) => bytesEqual(o.scriptPubKey, scriptOf(node, addr)));
  return new OutPoint(tx.txid, n);
}

test('fee loop: 1 P2PKH input, 2 P2PKH outputs → 341 dummy-signed vbytes × 20 sat = 6820, as the original (corpus wallet-send-p2pkh)', async (t) => {
  const { node, wallet } = await walletTestNode(t);
  const coin = await fundP2pkh(node, 1000);
  const dest = scriptOf(node, (await node.call('getnewaddress')) as string);
  const s = wallet.sender;
  const r = await s.send(
    { recipients: [{ scriptPubKey: dest, amount: 10n * COIN, asset: node.params.feeAsset, subtractFeeFromAmount: false }], coinControl: { selected: [coin], allowOtherInputs: false } },
    { values: [['comment', 'c']] },
    sendNodePort(node),
  );
  assert.equal(r.rejectReason, undefined);
  assert.equal(r.created.fee, 6820n);
  assert.equal(r.tx.inputs.length, 1);
  assert.equal(r.tx.outputs.length, 3);
  assert.equal(r.tx.outputs[2]!.isFee, true, 'the fee output is last');
  assert.equal(r.tx.outputs[2]!.value.amount, 6820n);
  const change = r.tx.outputs[r.created.changePosition]!;
  assert.equal(change.value.amount, 990n * COIN - 6820n);
  // Real signatures are 71 or 72 bytes, and 70 or less when r or s is short (about 1 in 128).
  assert.ok(r.tx.virtualSize() >= 335 && r.tx.virtualSize() <= 341, `real signature sizes: vsize ${r.tx.virtualSize()}`);
  // commit stored it with fFromMe and the comment; the mempool has it
  const w = wallet.ledger.get(r.tx.txid)!;
  assert.equal(w.record.fromMe, true);
  assert.equal(w.record.value('comment'), 'c');
  assert.ok(node.mempool.has(r.tx.txidHex));
  assert.ok(wallet.ledger.inMempool(r.tx.txid));
});

test('subtractFeeFromAmount splits the fee over the paying recipients (remainder from the first)', async (t) => {
  const { node, wallet } = await walletTestNode(t);
  const a = scriptOf(node, (await node.call('getnewaddress')) as string);
  const b = scriptOf(node, (await node.call('getnewaddress')) as string);
  const asset = node.params.feeAsset;
  const r = await wallet.sender.send(
    {
      recipients: [
        { scriptPubKey: a, amount: 5n * COIN, asset, subtractFeeFromAmount: true },
        { scriptPubKey: b, amount: 7n * COIN, asset, subtractFeeFromAmount: true },
      ],
    },
    {},
    sendNodePort(node),
  );
  const fee = r.created.fee;
  const outA = r.tx.outputs.find((o) => bytesEqual(o.scriptPubKey, a))!.value.amount;
  const outB = r.tx.outputs.find((o) => bytesEqual(o.scriptPubKey, b))!.value.amount;
  assert.equal(outA, 5n * COIN - fee / 2n - (fee % 2n));
  assert.equal(outB, 7n * COIN - fee / 2n);
  assert.equal(outA + outB + fee, 12n * COIN);
});

test('-fixedtxfee: exactly one fee output of F, dust change is kept (not folded into the fee)', async (t) => {
  const { node, wallet } = await walletTestNode(t);
  const coin = await fundP2pkh(node, 1);
  const s = senderWith(wallet, node, { fixedTxFee: 100_000n });
  const dest = scriptOf(node, (await node.call('getnewaddress')) as string);
  // 1 coin − 0.999 − fee 0.001 = 0 change
  const r = await s.send(
    { recipients: [{ scriptPubKey: dest, amount: 99_900_000n, asset: node.params.feeAsset, subtractFeeFromAmount: false }], coinControl: { selected: [coin], allowOtherInputs: false } },
    {},
    sendNodePort(node),
  );
  const fees = r.tx.outputs.filter((o) => o.isFee);
  assert.equal(fees.length, 1);
  assert.equal(fees[0]!.value.amount, 100_000n);
  assert.equal(r.tx.outputs.length, 2);
  await node.generate(1);
  // a 300-satoshi change would be dust; with a fixed fee it stays an output
  const coin2 = await fundP2pkh(node, 1);
  const r2 = await s.send(
    { recipients: [{ scriptPubKey: dest, amount: 99_899_700n, asset: node.params.feeAsset, subtractFeeFromAmount: false }], coinControl: { selected: [coin2], allowOtherInputs: false } },
    {},
    sendNodePort(node),
  );
  assert.equal(r2.tx.outputs.filter((o) => o.isFee).length, 1);
  assert.equal(r2.tx.outputs.find((o) => o.isFee)!.value.amount, 100_000n);
  assert.equal(r2.tx.outputs[r2.created.changePosition]!.value.amount, 300n);
  // without the fixed fee the same dust change goes to the fee
  await node.generate(1);
  const coin3 = await fundP2pkh(node, 1);
  const amount = COIN - 6820n - 300n;
  const r3 = await wallet.sender.send(
    { recipients: [{ scriptPubKey: dest, amount, asset: node.params.feeAsset, subtractFeeFromAmount: false }], coinControl: { selected: [coin3], allowOtherInputs: false } },
    {},
    sendNodePort(node),
  );
  assert.equal(r3.created.changePosition, -1);
  assert.equal(r3.tx.outputs.length, 2);
  assert.equal(r3.created.fee, 7120n, 'the 300-satoshi dust change became fee');
});

test('a policy asset pays no fee: no fee output (builder and sendtoaddress)', async (t) => {
  const params = chainParams(['-policycoins=5000000000000', '-issuancecoinsdestination=51']);
  const { node, wallet } = await walletTestNode(t, { params });
  const issuance = params.policyAsset('issuance')!;
  assert.ok(wallet.ledger.getBalance().get(issuance) > 0n);
  const isPolicy = (a: Uint8Array) => bytesEqual(a, issuance);
  const dest = scriptOf(node, (await node.call('getnewaddress')) as string);
  const r = await senderWith(wallet, node, {}, isPolicy).send(
    { recipients: [{ scriptPubKey: dest, amount: 10n * COIN, asset: issuance, subtractFeeFromAmount: false }], feeAsset: issuance },
    {},
    sendNodePort(node),
  );
  assert.equal(r.created.fee, 0n);
  assert.equal(r.tx.outputs.some((o) => o.isFee), false);
  // (this in-process node's mempool has no policy hooks; the real node's acceptance is in the integration test)
  // and through the RPC (the node's own policy hooks)
  const txid = (await node.call('sendtoaddress', [(await node.call('getnewaddress')) as string, json(1), '', '', false, 'ISSUANCE'])) as string;
  const tx = Transaction.decode(fromHex(((await node.call('gettransaction', [txid])) as { hex: string }).hex));
  assert.equal(tx.outputs.some((o) => o.isFee), false);
});

test('-contractintx: an OP_RETURN <contract hash at the tip> output, value 0 in the fee asset, after the fee output', async (t) => {
  const params = chainParams(['-contractintx=1']);
  const { node } = await walletTestNode(t, { params });
  await node.generate(2);
  const txid = (await node.call('sendtoaddress', [(await node.call('getnewaddress')) as string, json(3)])) as string;
  const tx = Transaction.decode(fromHex((await node.call('getrawtransaction', [txid])) as string));
  const last = tx.outputs[tx.outputs.length - 1]!;
  assert.equal(toHex(last.scriptPubKey), `6a20${toHex(params.contractHashAt(node.chain.height))}`);
  assert.equal(last.value.amount, 0n);
  assert.ok(bytesEqual(last.asset.id, params.feeAsset));
  assert.equal(tx.outputs[tx.outputs.length - 2]!.isFee, true);
  // the corpus: ot-plain node M's push is the internal-order height-≤5 contract hash
  assert.equal(toHex(last.scriptPubKey).length, 4 + 64);
});

test('errors: no recipients, negative amounts, insufficient funds, locked wallet', async (t) => {
  const { node, wallet } = await walletTestNode(t);
  const port = sendNodePort(node);
  const stored = wallet.ledger.size;
  const asset = node.params.feeAsset;
  const fail = async (p: Promise<unknown>, kind: string, message: string) => {
    await assert.rejects(p, (e: unknown) => e instanceof WalletSendError && e.kind === kind && e.message === message);
  };
  await fail(wallet.sender.send({ recipients: [] }, {}, port), 'create', 'Transaction must have at least one recipient');
  const dest = scriptOf(node, (await node.call('getnewaddress')) as string);
  await fail(wallet.sender.send({ recipients: [{ scriptPubKey: dest, amount: -1n, asset, subtractFeeFromAmount: false }] }, {}, port), 'create', 'Transaction amounts must not be negative');
  await fail(
    wallet.sender.send({ recipients: [{ scriptPubKey: dest, amount: 1n * COIN, asset: new Uint8Array(32).fill(7), subtractFeeFromAmount: false }] }, {}, port),
    'create',
    'Insufficient funds',
  );
  await fail(
    wallet.sender.send({ recipients: [{ scriptPubKey: dest, amount: 1000n, asset, subtractFeeFromAmount: true }] }, {}, port),
    'create',
    'The transaction amount is too small to pay the fee',
  );
  await wallet.keys.encrypt('pw');
  await fail(wallet.sender.send({ recipients: [{ scriptPubKey: dest, amount: COIN, asset, subtractFeeFromAmount: false }] }, {}, port), 'locked', 'Error: Please enter the wallet passphrase with walletpassphrase first.');
  assert.equal(wallet.ledger.size, stored, 'nothing was stored');
});

test('blinding: a payment to a confidential address of another wallet is opened by that wallet; change by ours', async (t) => {
  const { node, wallet } = await walletTestNode(t, { disableCt: false });
  // a second wallet on the same chain
  const dir = mkdtempSync(join(tmpdir(), 'wallet-send-b-'));
  const other = await NodeWallet.open({
    dir,
    fileName: 'b.dat',
    params: node.params,
    secp,
    clock: { now: () => node.now(), monotonicMs: () => performance.now() },
    useHd: true,
    keypool: 3,
    disableCt: false,
    anyoneCanSpendAreMine: false,
    payTxFeePerKb: 0n,
  });
  t.after(async () => {
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await other.attachChain(ledgerChainSource(node.chain), { rescan: false });
  const key = await other.keys.getNewKey();
  const address = other.receiveAddress({ type: 'keyhash', hash: key.keyId });
  assert.ok(decodeAddress(address, node.params.base58).blindingKey, 'a confidential address');

  const txid = (await node.call('sendtoaddress', [address, json(42.5)])) as string;
  const tx = Transaction.decode(fromHex((await node.call('getrawtransaction', [txid])) as string));
  const blinded = tx.outputs.filter((o) => o.value.isCommitment);
  assert.equal(blinded.length, 2, 'recipient and change are blinded (no dummy output needed)');
  assert.ok(tx.outputs.every((o) => o.isFee || (o.value.isCommitment && o.asset.isCommitment)));
  await node.generate(1);
  await other.chainChanged(node.mempool);
  assert.equal(other.ledger.getBalance().get(node.params.feeAsset), 4_250_000_000n, 'the receiver unblinds the amount');
  const fee = tx.outputs.find((o) => o.isFee)!.value.amount;
  assert.equal(wallet.ledger.getBalance().get(node.params.feeAsset), 21_000_000n * COIN - 4_250_000_000n - fee, 'the sender unblinds its change');
  // the receiver spends the blinded coin (blinded input → its change is blinded too)
  const back = await other.sender.send(
    { recipients: [{ scriptPubKey: scriptOf(node, (await node.call('getnewaddress')) as string), amount: 10n * COIN, asset: node.params.feeAsset, subtractFeeFromAmount: false }] },
    {},
    sendNodePort(node),
  );
  assert.equal(back.rejectReason, undefined);
  assert.ok(back.tx.outputs.filter((o) => o.value.isCommitment).length >= 1);
});

test('issuance: blinded issue and reissue are accepted; the ids are what core derives from the transaction', async (t) => {
  const { node, wallet } = await walletTestNode(t, { disableCt: false });
  const r = (await node.call('issueasset', [json(100), json(10)])) as Record<string, string | number>;
  const tx = Transaction.decode(fromHex((await node.call('getrawtransaction', [r.txid as string])) as string));
  const input = tx.inputs[r.vin as number]!;
  assert.ok(input.issuance.amount.isCommitment && input.issuance.inflationKeys.isCommitment, 'blind defaults to on with -disablect=0');
  const ids = issuanceIds(input)!;
  assert.equal(toDisplayHex(ids.asset), r.asset);
  assert.equal(toDisplayHex(ids.token), r.token);
  assert.equal(toDisplayHex(ids.entropy), r.entropy);
  await node.generate(1);
  assert.equal(await node.call('getbalance', ['', json(1), false, r.asset]), 100);
  assert.equal(await node.call('getbalance', ['', json(1), false, r.token]), 10);
  const rr = (await node.call('reissueasset', [r.asset, json(5)])) as { txid: string; vin: number };
  const rtx = Transaction.decode(fromHex((await node.call('getrawtransaction', [rr.txid])) as string));
  const rin = rtx.inputs[rr.vin]!;
  assert.ok(rin.issuance.isReissuance);
  assert.notEqual(toHex(rin.issuance.assetBlindingNonce), 'ff'.repeat(32), 'a blinded token: the nonce is its asset blinder');
  assert.ok(rin.issuance.amount.isCommitment);
  await node.generate(1);
  assert.equal(await node.call('getbalance', ['', json(1), false, r.asset]), 105);
  assert.equal(await node.call('getbalance', ['', json(1), false, r.token]), 10);
  // an explicit issuance on a CT wallet (blind=false): amounts visible, outputs still blinded to the wallet's keys
  const e = (await node.call('issueasset', [json(7), json(0), false])) as Record<string, string>;
  const etx = Transaction.decode(fromHex((await node.call('getrawtransaction', [e.txid!])) as string));
  assert.equal(etx.inputs[0]!.issuance.amount.amount, 700_000_000n);
  void wallet;
});
