// The freezelist / redemption / burnlist mempool rules (ocean-policy.md §4.4) and issuance blocking
// (§7): each predicate on its own, then the rules through the real mempool (reject code 64, reason,
// skipped by testmempoolaccept where the spec says so).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssetIssuance,
  ConfidentialValue,
  MemoryCoinView,
  OP,
  OutPoint,
  REJECT_NONSTANDARD,
  ScriptBuilder,
  TransactionBuilder,
  TxIn,
  addressEntryKey,
  hash160,
  policyListScript,
  type Transaction,
  type TxOut,
} from '@ocean-ts/core';
import { CurrentPolicyAssets } from '../../src/policy/current-policy-assets.js';
import {
  BURN_TX_NOT_BURNLISTED,
  FREEZELIST_ADDRESS_INPUT,
  FREEZELIST_BURN_NO_BURNLIST,
  REDEMPTION_TX_NOT_FREEZELISTED,
  burnlistReason,
  freezeBurnHooks,
  freezelistReason,
} from '../../src/policy/freeze-burn-hooks.js';
import { FreezeBurnLists } from '../../src/policy/freeze-burn-lists.js';
import { NON_ISSUANCE_ASSET, NON_WHITELISTED_ADDRESS, issuanceBlockReason } from '../../src/policy/issuance-block-hook.js';
import {
  isAllBurn,
  isAnyBurn,
  isBurnlisted,
  isFreezelisted,
  isRedemption,
  isRedemptionListed,
  listEntryKeyId,
} from '../../src/policy/list-tx-predicates.js';
import { PolicyList } from '../../src/policy/policy-list.js';
import { elementsRegtestParams } from '../chain/support/regtest-chain.js';
import { ASSET, Clock, FakeChain, PUB, P2PKH, feeOut, fund, makePool, out, spend, utxo } from '../mempool/support.js';
import { KEY1 } from './support.js';

const p2pkh = (id: Uint8Array): Uint8Array => new ScriptBuilder().op(OP.OP_DUP, OP.OP_HASH160).push(id).op(OP.OP_EQUALVERIFY, OP.OP_CHECKSIG).build();
const NULL_ID = new Uint8Array(20);
const NULL_ADDRESS = p2pkh(NULL_ID);
const OTHER_ID = new Uint8Array(20).fill(0x42);
const MY_ID = hash160(PUB);
const P2SH = Uint8Array.of(OP.OP_HASH160, 0x14, ...new Uint8Array(20).fill(7), OP.OP_EQUAL);
const OP_RETURN = Uint8Array.of(OP.OP_RETURN);
const NONSTANDARD = Uint8Array.of(OP.OP_NOP, OP.OP_NOP);
const REGISTER = Uint8Array.of(0xb8, 0x01, 0x00);

/** Policy assets: elementsregtest with FREEZELIST, BURNLIST and ISSUANCE coins. */
const params = elementsRegtestParams('-policycoins=50000000000000', '-freezelistcoinsdestination=51', '-burnlistcoinsdestination=51', '-issuancecoinsdestination=51');
const FREEZE_ASSET = params.policyAsset('freezelist')!;
const ISSUANCE_ASSET = params.policyAsset('issuance')!;

function lists(freezelist = true, burnlist = true): FreezeBurnLists {
  return new FreezeBurnLists({ freezelist, burnlist }, new CurrentPolicyAssets(params));
}

/** An unsigned transaction spending `prevouts` to `outputs` (the predicates never look at scripts sigs). */
function tx(prevouts: readonly OutPoint[], outputs: readonly TxOut[]): Transaction {
  const b = new TransactionBuilder();
  for (const p of prevouts) b.addInput(new TxIn(p, new Uint8Array(0), 0xffffffff));
  for (const o of outputs) b.addOutput(o);
  return b.build();
}

/** Coins at fresh outpoints paying to `scripts`. */
function coins(...scripts: Uint8Array[]): { view: MemoryCoinView; prevouts: OutPoint[] } {
  const view = new MemoryCoinView();
  const prevouts = scripts.map((s, i) => {
    const p = new OutPoint(new Uint8Array(32).fill(i + 1), i);
    view.set(p, { out: out(1000n, s), height: 1, isCoinbase: false });
    return p;
  });
  return { view, prevouts };
}

test('listEntryKeyId: the 1-of-2 registration output (§3.1), admin key 33 or 65 bytes; nothing else', () => {
  const entry = addressEntryKey(OTHER_ID);
  assert.deepEqual(listEntryKeyId(policyListScript(KEY1, entry)), OTHER_ID);
  const uncompressed = Uint8Array.of(0x04, ...new Uint8Array(64).fill(3));
  assert.deepEqual(listEntryKeyId(policyListScript(uncompressed, entry)), OTHER_ID);
  // m is not looked at beyond the template: 2-of-2 with the same keys is still an entry
  const twoOfTwo = new ScriptBuilder().op(OP.OP_2).push(KEY1).push(entry).op(OP.OP_2, OP.OP_CHECKMULTISIG).build();
  assert.deepEqual(listEntryKeyId(twoOfTwo), OTHER_ID);
  const threeKeys = new ScriptBuilder().op(OP.OP_1).push(KEY1).push(entry).push(KEY1).op(OP.OP_3, OP.OP_CHECKMULTISIG).build();
  assert.equal(listEntryKeyId(threeKeys), undefined);
  assert.equal(listEntryKeyId(policyListScript(KEY1, new Uint8Array(33))), undefined, '33 zero bytes: not an address entry');
  assert.equal(listEntryKeyId(p2pkh(OTHER_ID)), undefined);
  assert.equal(listEntryKeyId(new Uint8Array(0)), undefined);
});

test('all-burn / any-burn: fee outputs spoil all-burn; zero-valued OP_RETURN is no burn; non-standard is', () => {
  assert.equal(isAllBurn(tx([], [out(5n, OP_RETURN), out(0n, Uint8Array.of(OP.OP_RETURN, 0x01, 0x07))])), true);
  assert.equal(isAllBurn(tx([], [out(5n, OP_RETURN), feeOut(1n)])), false);
  assert.equal(isAnyBurn(tx([], [out(5n, OP_RETURN), feeOut(1n)])), true);
  assert.equal(isAnyBurn(tx([], [out(0n, OP_RETURN), out(5n)])), false, 'a zero OP_RETURN (e.g. a contract hash) burns nothing');
  assert.equal(isAnyBurn(tx([], [out(5n, NONSTANDARD)])), true);
  assert.equal(isAnyBurn(tx([], [out(5n, REGISTER)])), true);
  assert.equal(isAnyBurn(tx([], [out(0n, REGISTER)])), false);
});

test('freezelisted: every input frozen P2PKH or fee/register; a mix or another type is not (quirk)', () => {
  const frozen = new PolicyList([MY_ID]);
  const c = coins(P2PKH, p2pkh(OTHER_ID), P2SH, new Uint8Array(0), REGISTER);
  const [mine, other, p2sh, fee, reg] = c.prevouts as [OutPoint, OutPoint, OutPoint, OutPoint, OutPoint];
  assert.equal(isFreezelisted(tx([mine], [out(1n)]), c.view, frozen), true);
  assert.equal(isFreezelisted(tx([mine, fee, reg], [out(1n)]), c.view, frozen), true);
  assert.equal(isFreezelisted(tx([mine, other], [out(1n)]), c.view, frozen), false);
  assert.equal(isFreezelisted(tx([mine, p2sh], [out(1n)]), c.view, frozen), false);
  assert.equal(isFreezelisted(tx([p2sh], [out(1n)]), c.view, frozen), false);
});

test('burnlisted: exactly one input, P2PKH, on the burnlist', () => {
  const burn = new PolicyList([MY_ID]);
  const c = coins(P2PKH, P2PKH, p2pkh(OTHER_ID));
  const [a, b, other] = c.prevouts as [OutPoint, OutPoint, OutPoint];
  assert.equal(isBurnlisted(tx([a], [out(1n, OP_RETURN)]), c.view, burn), true);
  assert.equal(isBurnlisted(tx([a, b], [out(1n, OP_RETURN)]), c.view, burn), false);
  assert.equal(isBurnlisted(tx([other], [out(1n, OP_RETURN)]), c.view, burn), false);
});

test('redemption: a null-address output, wherever it is; a non-standard output before it hides it', () => {
  assert.equal(isRedemption(tx([], [out(1n, NULL_ADDRESS)])), true);
  assert.equal(isRedemption(tx([], [out(1n), feeOut(1n), out(1n, NULL_ADDRESS)])), true);
  assert.equal(isRedemption(tx([], [out(1n, NONSTANDARD), out(1n, NULL_ADDRESS)])), false);
  assert.equal(isRedemption(tx([], [out(1n, NULL_ADDRESS), out(1n, NONSTANDARD)])), true);
  assert.equal(isRedemption(tx([], [out(1n)])), false);
  const frozen = new PolicyList([OTHER_ID]);
  assert.equal(isRedemptionListed(tx([], [out(1n, NULL_ADDRESS), out(1n, p2pkh(OTHER_ID)), out(0n, OP_RETURN)]), frozen), true);
  assert.equal(isRedemptionListed(tx([], [out(1n, NULL_ADDRESS), out(1n, p2pkh(OTHER_ID)), feeOut(1n)]), frozen), false, 'a fee output');
  assert.equal(isRedemptionListed(tx([], [out(1n, NULL_ADDRESS), out(1n, P2PKH)]), frozen), false);
});

test('rule 1 (-freezelist): freezelist-address-input, freezelist-burn-no-burnlist, frozen burns, redemptions', () => {
  const l = lists();
  l.freezelist.add(MY_ID);
  const assets = new CurrentPolicyAssets(params);
  const c = coins(P2PKH, p2pkh(OTHER_ID));
  const [mine, other] = c.prevouts as [OutPoint, OutPoint];
  const spendFrozen = tx([mine], [out(990n, p2pkh(OTHER_ID)), feeOut(10n)]);
  assert.equal(freezelistReason(spendFrozen, c.view, l, assets), FREEZELIST_ADDRESS_INPUT);
  const burnFrozen = tx([mine], [out(1000n, OP_RETURN)]);
  assert.equal(freezelistReason(burnFrozen, c.view, l, assets), FREEZELIST_BURN_NO_BURNLIST);
  l.burnlist.add(MY_ID);
  assert.equal(freezelistReason(burnFrozen, c.view, l, assets), null, 'frozen and burnlisted: the burn passes');
  assert.equal(burnlistReason(burnFrozen, c.view, l, assets), null);
  assert.equal(freezelistReason(tx([mine], [out(990n, OP_RETURN), feeOut(10n)]), c.view, l, assets), FREEZELIST_ADDRESS_INPUT, 'a fee output: not all-burn');
  // without -burnlist every spend of a frozen address is refused, burns included
  const noBurn = lists(true, false);
  noBurn.freezelist.add(MY_ID);
  noBurn.burnlist.add(MY_ID);
  assert.equal(freezelistReason(burnFrozen, c.view, noBurn, assets), FREEZELIST_ADDRESS_INPUT);
  // mixed inputs are not "freezelisted" (quirk)
  assert.equal(freezelistReason(tx([mine, other], [out(2000n)]), c.view, l, assets), null);
  // redemptions
  const redeem = (...outs: TxOut[]) => tx([other], outs);
  assert.equal(freezelistReason(redeem(out(500n, p2pkh(NULL_ID)), out(500n, P2PKH)), c.view, l, assets), null, 'the other recipient is frozen');
  assert.equal(freezelistReason(redeem(out(500n, P2PKH), out(500n, NULL_ADDRESS)), c.view, l, assets), null, 'whatever the position');
  assert.equal(freezelistReason(redeem(out(500n, NULL_ADDRESS), out(500n, p2pkh(OTHER_ID))), c.view, l, assets), REDEMPTION_TX_NOT_FREEZELISTED);
  assert.equal(freezelistReason(redeem(out(500n, NULL_ADDRESS), out(490n, P2PKH), feeOut(10n)), c.view, l, assets), REDEMPTION_TX_NOT_FREEZELISTED, 'no fee output allowed');
  // policy transactions are exempt
  const policy = tx([mine], [out(1000n, p2pkh(OTHER_ID), FREEZE_ASSET)]);
  assert.equal(freezelistReason(policy, c.view, l, assets), null);
  // the switch
  assert.equal(freezelistReason(spendFrozen, c.view, lists(false, true), assets), null);
});

test('rule 2 (-burnlist): burn-tx-not-burnlisted unless the single input is burnlisted', () => {
  const l = lists(false, true);
  const assets = new CurrentPolicyAssets(params);
  const c = coins(P2PKH, P2PKH);
  const [a, b] = c.prevouts as [OutPoint, OutPoint];
  const destroy = tx([a], [out(100n, OP_RETURN), out(890n), feeOut(10n)]);
  assert.equal(burnlistReason(destroy, c.view, l, assets), BURN_TX_NOT_BURNLISTED);
  assert.equal(burnlistReason(tx([a], [out(0n, OP_RETURN), out(990n), feeOut(10n)]), c.view, l, assets), null, 'zero-valued data output');
  assert.equal(burnlistReason(tx([a], [out(990n, NONSTANDARD), feeOut(10n)]), c.view, l, assets), BURN_TX_NOT_BURNLISTED, 'non-standard output');
  l.burnlist.add(MY_ID);
  assert.equal(burnlistReason(destroy, c.view, l, assets), null);
  assert.equal(burnlistReason(tx([a, b], [out(2000n, OP_RETURN)]), c.view, l, assets), BURN_TX_NOT_BURNLISTED, 'two inputs');
  assert.equal(burnlistReason(destroy, c.view, lists(true, false), assets), null, 'switch off');
});

test('hooks: only the switches that are on; isRedemption always (fee exemption)', () => {
  const assets = new CurrentPolicyAssets(params);
  const none = freezeBurnHooks(lists(false, false), assets);
  assert.equal(none.checkFreezelist, undefined);
  assert.equal(none.checkBurnlist, undefined);
  assert.equal(none.isRedemption?.(tx([], [out(1n, NULL_ADDRESS)]), new MemoryCoinView()), true);
  const both = freezeBurnHooks(lists(), assets);
  assert.ok(both.checkFreezelist && both.checkBurnlist);
});

test('through the mempool: code 64 with the reason; testmempoolaccept skips the list rules; a redemption needs no fee', async () => {
  const chain = new FakeChain();
  const clock = new Clock();
  const l = lists();
  const assets = new CurrentPolicyAssets(params);
  const pool = makePool(chain, clock, { hooks: freezeBurnHooks(l, assets) });
  const [u1, u2, u3] = fund(chain, 3) as [ReturnType<typeof utxo>, ReturnType<typeof utxo>, ReturnType<typeof utxo>];
  l.freezelist.add(MY_ID);
  const t1 = spend([u1], [out(u1.out.value.amount - 10_000n, p2pkh(OTHER_ID)), feeOut(10_000n, ASSET)]);
  const r1 = pool.accept(t1);
  assert.equal(r1.status, 'rejected');
  assert.equal(r1.status === 'rejected' && r1.reject.code, REJECT_NONSTANDARD);
  assert.equal(r1.status === 'rejected' && r1.reject.reason, FREEZELIST_ADDRESS_INPUT);
  assert.equal(pool.testAccept(t1).allowed, true, 'testmempoolaccept does not run the list rules');
  const burn = spend([u2], [out(u2.out.value.amount, OP_RETURN)]);
  const r2 = pool.accept(burn);
  assert.equal(r2.status === 'rejected' && r2.reject.reason, FREEZELIST_BURN_NO_BURNLIST);
  l.burnlist.add(MY_ID);
  assert.equal(pool.accept(burn).status, 'accepted', 'frozen + burnlisted all-OP_RETURN burn');
  // a redemption from an unfrozen address to the null address and a frozen one, without a fee output
  l.freezelist.remove(MY_ID);
  l.freezelist.add(OTHER_ID);
  const half = u3.out.value.amount / 2n;
  const redemption = spend([u3], [out(half, NULL_ADDRESS), out(u3.out.value.amount - half, p2pkh(OTHER_ID))]);
  const r3 = pool.accept(redemption);
  assert.equal(r3.status, 'accepted', JSON.stringify(r3.status === 'rejected' ? r3.reject.reason : r3.status));
});

test('issuance blocking: a new issuance on input 0 must spend the ISSUANCE asset; -pkhwhitelist checks output 0', () => {
  const assets = new CurrentPolicyAssets(params);
  const view = new MemoryCoinView();
  const issuanceCoin = new OutPoint(new Uint8Array(32).fill(1), 0);
  const cbtCoin = new OutPoint(new Uint8Array(32).fill(2), 0);
  view.set(issuanceCoin, { out: out(5000n, P2PKH, ISSUANCE_ASSET), height: 1, isCoinbase: false });
  view.set(cbtCoin, { out: out(5000n, P2PKH, ASSET), height: 1, isCoinbase: false });
  const issue = (prevout: OutPoint, reissue = false, to = P2PKH): Transaction => {
    const b = new TransactionBuilder();
    const issuance = new AssetIssuance(reissue ? new Uint8Array(32).fill(9) : new Uint8Array(32), new Uint8Array(32), ConfidentialValue.fromAmount(100n), ConfidentialValue.NULL);
    b.addInput(new TxIn(prevout, new Uint8Array(0), 0xffffffff, issuance));
    b.addOutput(out(100n, to));
    return b.build();
  };
  assert.equal(issuanceBlockReason(issue(issuanceCoin), view, { assets }), null);
  assert.equal(issuanceBlockReason(issue(cbtCoin), view, { assets }), NON_ISSUANCE_ASSET);
  assert.equal(issuanceBlockReason(issue(cbtCoin, true), view, { assets }), null, 'reissuances are not checked');
  assert.equal(issuanceBlockReason(tx([cbtCoin], [out(1n)]), view, { assets }), null, 'no issuance');
  const whitelisted = new PolicyList([MY_ID]);
  const isWhitelistedKeyId = (id: Uint8Array) => whitelisted.has(id);
  assert.equal(issuanceBlockReason(issue(issuanceCoin), view, { assets, isWhitelistedKeyId }), null);
  assert.equal(issuanceBlockReason(issue(issuanceCoin, false, p2pkh(OTHER_ID)), view, { assets, isWhitelistedKeyId }), NON_WHITELISTED_ADDRESS);
  assert.equal(issuanceBlockReason(issue(issuanceCoin, false, P2SH), view, { assets, isWhitelistedKeyId }), NON_WHITELISTED_ADDRESS, 'not P2PKH');
  // without ISSUANCE coins on the chain every new issuance is refused
  const plain = new CurrentPolicyAssets(elementsRegtestParams());
  assert.equal(issuanceBlockReason(issue(issuanceCoin), view, { assets: plain }), NON_ISSUANCE_ASSET);
});
