// listissuances (genesis CBT issuance, raw issuance and reissuance, blinded issuance), and the
// issuance blinding keys: dumpissuanceblindingkey / importissuanceblindingkey between two wallets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConfidentialAsset,
  Transaction,
  TxOut,
  reissuanceToken,
  TransactionBuilder,
  TxIn,
  blindTransaction,
  decodeAddress,
  fromHex,
  issuanceIds,
  scriptForDestination,
  toDisplayHex,
  toHex,
  type Block,
} from '@ocean-ts/core';
import { explicitOutput } from '../../../src/mining/coinbase.js';
import { genesisCoins, json, spend, type TestNode } from './support/test-node.js';
import { walletTestNode } from './support/wallet-test-node.js';

interface Issuance {
  isreissuance: boolean;
  token?: string;
  tokenamount?: number;
  tokenblinds?: string;
  entropy: string;
  txid: string;
  vin: number;
  asset: string;
  assetlabel?: string;
  assetamount: number;
  assetblinds: string;
}

const ZERO = '0'.repeat(64);
const FEE = 100_000n;

/** Genesis OP_TRUE coin `index` as an extra input, its CBT back to OP_TRUE minus the fee. */
function withGenesisFunding(node: TestNode, tx: Transaction, index: number, change: Uint8Array = Uint8Array.of(0x51)): Transaction {
  const c = genesisCoins(node.params)[index]!;
  const b = TransactionBuilder.from(tx);
  b.version = 2;
  b.addInput(new TxIn(c.outpoint, new Uint8Array(0), 0xffffffff));
  b.addOutput(explicitOutput(c.out.asset.id, c.out.value.amount - FEE, change));
  b.addOutput(explicitOutput(c.out.asset.id, FEE, new Uint8Array(0)));
  return b.build();
}

async function signAndMine(node: TestNode, tx: Transaction): Promise<string> {
  const signed = (await node.call('signrawtransaction', [toHex(tx.toBytes())])) as { hex: string; complete: boolean };
  assert.equal(signed.complete, true, JSON.stringify(signed));
  const txid = (await node.call('sendrawtransaction', [signed.hex])) as string;
  await node.generate(1);
  return txid;
}

async function syncBlocks(from: TestNode, to: TestNode): Promise<void> {
  to.time = Math.max(to.time, from.time);
  for (let h = to.chain.height + 1; h <= from.chain.height; h++) {
    assert.equal(await to.processBlock(from.chain.getBlock(from.chain.getBlockHash(h)!) as Block), null);
  }
}

test('listissuances: the genesis CBT issuance, a raw issuance and its reissuance; the asset filter', async (t) => {
  const { node } = await walletTestNode(t);
  const cbtHex = toDisplayHex(node.params.peggedAsset);
  const genesis = (await node.call('listissuances')) as Issuance[];
  assert.equal(genesis.length, 1);
  const g = genesis[0]!;
  assert.deepEqual(Object.keys(g), ['isreissuance', 'token', 'tokenamount', 'tokenblinds', 'entropy', 'txid', 'vin', 'asset', 'assetlabel', 'assetamount', 'assetblinds']);
  assert.equal(g.isreissuance, false);
  assert.equal(g.asset, cbtHex);
  assert.equal(g.assetlabel, 'CBT');
  assert.equal(g.assetamount, 21_000_000);
  assert.equal(g.assetblinds, ZERO);
  assert.equal(g.tokenblinds, ZERO);
  assert.equal(g.vin, 0);
  const genesisIssuer = node.params.genesisBlock.transactions.find((tx) => tx.inputs.some((i) => i.hasIssuance))!;
  assert.equal(g.txid, genesisIssuer.txidHex);
  assert.match(await node.callText('listissuances'), /"assetamount":21000000\.00000000,/);

  // createrawissuance → (fund the fee) → sign → send → mine.
  const assetAddr = (await node.call('getnewaddress')) as string;
  const tokenAddr = (await node.call('getnewaddress')) as string;
  const coin = genesisCoins(node.params)[0]!;
  const r = (await node.call('createrawissuance', [assetAddr, json(500), tokenAddr, json(2), assetAddr, json(0), '0', toDisplayHex(coin.outpoint.txid), String(coin.outpoint.index)])) as {
    rawtx: string;
    entropy: string;
    asset: string;
    token: string;
  };
  const issuance = Transaction.decode(fromHex(r.rawtx));
  const b = TransactionBuilder.from(issuance);
  b.version = 2;
  b.addOutput(explicitOutput(coin.out.asset.id, coin.out.value.amount - FEE, Uint8Array.of(0x51)));
  b.addOutput(explicitOutput(coin.out.asset.id, FEE, new Uint8Array(0)));
  const txid = await signAndMine(node, b.build());

  let all = (await node.call('listissuances')) as Issuance[];
  assert.equal(all.length, 2);
  const mine = all.find((i) => i.txid === txid)!;
  assert.deepEqual(mine, {
    isreissuance: false,
    token: r.token,
    tokenamount: 2,
    tokenblinds: ZERO,
    entropy: r.entropy,
    txid,
    vin: 0,
    asset: r.asset,
    assetamount: 500,
    assetblinds: ZERO,
  });
  assert.deepEqual(await node.call('listissuances', [r.asset]), [mine]);
  assert.deepEqual(((await node.call('listissuances', [cbtHex])) as Issuance[]).map((i) => i.txid), [g.txid]);
  assert.deepEqual(await node.call('listissuances', ['ab'.repeat(32)]), []);
  assert.equal(((await node.call('listissuances', [ZERO])) as Issuance[]).length, 2, 'the null asset is no filter');
  for (const bad of ['CBT', 'zz'.repeat(32), 'ab'.repeat(31)]) {
    assert.deepEqual(await node.callError('listissuances', [bad]), { code: -3, message: 'Asset must be a hex string of length 64' });
  }
  assert.deepEqual(await node.callError('listissuances', [json(1)]), { code: -1, message: 'JSON value is not a string as expected' });

  // Reissue with the token (output 1 of the issuance), funded by another genesis coin.
  const re = (await node.call('createrawreissuance', [assetAddr, json(70), tokenAddr, json(2), txid, '1', r.entropy])) as { hex: string; asset: string };
  assert.equal(re.asset, r.asset);
  const reTxid = await signAndMine(node, withGenesisFunding(node, Transaction.decode(fromHex(re.hex)), 1));
  all = (await node.call('listissuances', [r.asset])) as Issuance[];
  assert.equal(all.length, 2);
  const reissue = all.find((i) => i.txid === reTxid)!;
  assert.deepEqual(reissue, { isreissuance: true, entropy: r.entropy, txid: reTxid, vin: 0, asset: r.asset, assetamount: 70, assetblinds: ZERO });
  assert.equal(await node.call('getbalance', ['', json(1), false, r.asset]), 570);
});

test('a blinded issuance: the issuing wallet opens it; another wallet after importissuanceblindingkey; errors', async (t) => {
  const a = await walletTestNode(t, { disableCt: false });
  const b = await walletTestNode(t);
  const node = a.node;
  const assetAddr = (await node.call('getnewaddress')) as string;
  const tokenAddr = (await node.call('getnewaddress')) as string;
  const changeAddr = (await node.call('getnewaddress')) as string;
  const coin = genesisCoins(node.params)[5]!;
  const r = (await node.call('createrawissuance', [assetAddr, json(300), tokenAddr, json(1), assetAddr, json(0), '0', toDisplayHex(coin.outpoint.txid), String(coin.outpoint.index)])) as {
    rawtx: string;
    asset: string;
    token: string;
  };
  const raw = Transaction.decode(fromHex(r.rawtx));
  const builder = TransactionBuilder.from(raw);
  builder.version = 2;
  // A blinded issuance's token is the confidential flavour of the id (issueasset pays that one).
  const confidentialToken = reissuanceToken(issuanceIds(raw.inputs[0]!)!.entropy, true);
  const tokenOut = raw.outputs[1]!;
  builder.outputs[1] = new TxOut(ConfidentialAsset.fromId(confidentialToken), tokenOut.value, tokenOut.nonce, tokenOut.scriptPubKey);
  const change = decodeAddress(changeAddr, node.params.base58);
  const changeOut = explicitOutput(coin.out.asset.id, coin.out.value.amount - FEE, scriptForDestination(change));
  builder.addOutput(changeOut);
  builder.addOutput(explicitOutput(coin.out.asset.id, FEE, new Uint8Array(0)));
  const unblinded = builder.build();
  // What issueasset does with blind=true: the issuance key is the wallet's key for OP_RETURN <prevout>.
  const issuanceKey = a.wallet.blinding.issuanceKeyFor(coin.outpoint)!;
  const blinded = blindTransaction(a.wallet.blinding.primitives, {
    tx: unblinded,
    inputs: [{ asset: coin.out.asset.id, assetBlinder: new Uint8Array(32), value: coin.out.value.amount, valueBlinder: new Uint8Array(32) }],
    outputPubkeys: [...unblinded.outputs.slice(0, 2).map((o) => o.nonce.data), change.blindingKey!, null],
    issuanceKeys: [{ asset: issuanceKey, token: issuanceKey }],
    random: (n) => fromHex('5a'.repeat(n)).map((x, i) => (x + i) & 0xff),
  });
  assert.equal(blinded.blinded, 5, blinded.error);
  assert.ok(blinded.tx.inputs[0]!.issuance.amount.isCommitment && blinded.tx.inputs[0]!.issuance.inflationKeys.isCommitment);
  const txid = await signAndMine(node, blinded.tx);
  const tokenId = toDisplayHex(issuanceIds(blinded.tx.inputs[0]!)!.token);
  assert.equal(tokenId, toDisplayHex(confidentialToken));
  assert.notEqual(tokenId, r.token);

  const aView = ((await node.call('listissuances', [r.asset])) as Issuance[])[0]!;
  assert.equal(aView.txid, txid);
  assert.equal(aView.assetamount, 300);
  assert.equal(aView.tokenamount, 1);
  assert.equal(aView.token, tokenId);
  assert.notEqual(aView.assetblinds, ZERO);
  assert.notEqual(aView.tokenblinds, ZERO);
  const keyHex = (await node.call('dumpissuanceblindingkey', [txid, json(0)])) as string;
  assert.equal(keyHex, toHex(issuanceKey));

  // B shares the genesis coins, so the issuance is one of its transactions (from me) — but blinded for it.
  await syncBlocks(node, b.node);
  const bView = () => b.node.call('listissuances', [r.asset]) as Promise<Issuance[]>;
  const before = (await bView())[0]!;
  assert.equal(before.txid, txid);
  assert.equal(before.assetamount, -1);
  assert.equal(before.tokenamount, -1);
  assert.equal(before.assetblinds, ZERO);
  assert.match(await b.node.callText('listissuances', [r.asset]), /"assetamount":-1,/);
  assert.deepEqual(await b.node.callError('dumpissuanceblindingkey', [txid, json(0)]), { code: -4, message: 'Unable to unblind issuance with wallet blinding key.' });
  assert.equal(await b.node.call('importissuanceblindingkey', [txid, json(0), keyHex]), null);
  assert.deepEqual((await bView())[0], aView);
  assert.equal(await b.node.call('dumpissuanceblindingkey', [txid, json(0)]), keyHex);
  await b.reopen();
  assert.deepEqual((await bView())[0], aView, 'the imported issuance key survives a restart');

  // Errors (Elements' texts and codes).
  for (const method of ['dumpissuanceblindingkey', 'importissuanceblindingkey']) {
    const extra = method === 'importissuanceblindingkey' ? [keyHex] : [];
    assert.deepEqual(await node.callError(method, ['xx', json(0), ...extra]), { code: -3, message: 'First argument must be a txid string' });
    assert.deepEqual(await node.callError(method, [json(1), json(0), ...extra]), { code: -3, message: 'First argument must be a txid string' });
    assert.deepEqual(await node.callError(method, [txid, '0', ...extra]), { code: -3, message: 'vin must be an integer' });
    assert.deepEqual(await node.callError(method, [txid, json(1.5), ...extra]), { code: -1, message: 'JSON integer out of range' });
    assert.deepEqual(await node.callError(method, ['77'.repeat(32), json(0), ...extra]), { code: -8, message: 'Transaction is unknown to wallet.' });
    assert.deepEqual(await node.callError(method, [txid, json(3), ...extra]), { code: -8, message: 'Transaction is in wallet but vin does not exist' });
    assert.deepEqual(await node.callError(method, [txid, json(-1), ...extra]), { code: -8, message: 'Transaction is in wallet but vin does not exist' });
  }
  // A wallet transaction whose input carries no issuance.
  const plain = spend([genesisCoins(node.params)[7]!], FEE);
  await node.accept(plain);
  for (const method of ['dumpissuanceblindingkey', 'importissuanceblindingkey']) {
    const extra = method === 'importissuanceblindingkey' ? [keyHex] : [];
    assert.deepEqual(await node.callError(method, [plain.txidHex, json(0), ...extra]), { code: -8, message: 'Transaction input has no issuance' });
  }
  for (const bad of ['zz'.repeat(32), '00'.repeat(31), json(5)]) {
    assert.deepEqual(await node.callError('importissuanceblindingkey', [txid, json(0), bad]), { code: -3, message: 'blinding key must be a hex string of length 64' });
  }
});
