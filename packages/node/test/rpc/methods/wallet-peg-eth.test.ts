// The Ethereum peg RPCs in process (policy spec §10, rpc spec §3.6): a TestNode with a real
// NodeWallet and, where geth is needed, a fake geth HTTP server on an ephemeral loopback port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssetIssuance,
  Transaction,
  TransactionBuilder,
  TxIn,
  fromDisplayHex,
  fromHex,
  hash160,
  scriptForDestination,
  toDisplayHex,
  toHex,
} from '@ocean-ts/core';
import { GethClient } from '../../../src/peg/geth-client.js';
import { readJson } from '../../../../core/test/support/vectors.js';
import { FakeGeth, VECTOR_AMOUNT, VECTOR_BLOCK, VECTOR_ETH_ADDRESS, VECTOR_FEDPEG, VECTOR_PRIVKEY, ethPeginVector } from '../../support/fake-geth.js';
import { chainParams, json, secp, type TestNode } from './support/test-node.js';
import { walletTestNode } from './support/wallet-test-node.js';

const COIN = 100_000_000n;
const CLAIM_PUBKEY = toHex(secp.publicKeyCreate(fromHex(VECTOR_PRIVKEY), true));
const ETH_TXID = '3080f6cb4434e5f99b8f399aabcd25e8631b1832de10087ee7a2368cb00fa66c';

interface CorpusTx {
  readonly kinds: string[];
  readonly hex: string;
}

function corpusTx(kind: string): Transaction {
  const all = readJson<{ transactions: CorpusTx[] }>('vectors', 'ocean-corpus', 'transactions.json').transactions;
  const t = all.find((x) => x.kinds.includes(kind));
  assert.ok(t, kind);
  return Transaction.decode(fromHex(t.hex));
}

/** Satoshis of a JSON amount. */
function sats(v: unknown): bigint {
  const [w, f = ''] = String(v).split('.');
  return BigInt(w!) * COIN + BigInt(f.padEnd(8, '0'));
}

async function startGeth(t: { after(fn: () => Promise<void>): void }, node: TestNode): Promise<FakeGeth> {
  const geth = await FakeGeth.start();
  t.after(() => geth.close());
  Object.defineProperty(node, 'mainchain', { value: new GethClient({ host: '127.0.0.1', port: geth.port, user: 'geth', password: 'secret', timeoutSeconds: 10 }), configurable: true });
  return geth;
}

test('getethaddress: the spec vector 3ecb44df… → 8a40bfaa…; bad keys are -5', async (t) => {
  const { node } = await walletTestNode(t);
  assert.equal(await node.call('getethaddress', [VECTOR_PRIVKEY]), VECTOR_ETH_ADDRESS);
  assert.deepEqual(await node.callError('getethaddress', ['3ecb44df']), { code: -5, message: 'Private key outside allowed range' });
  assert.deepEqual(await node.callError('getethaddress', ['00'.repeat(32)]), { code: -5, message: 'Private key outside allowed range' });
  assert.deepEqual(await node.callError('getethaddress', ['ff'.repeat(32)]), { code: -5, message: 'Private key outside allowed range' });
});

test('getethpeginaddress: imports the key (receive, creation time 1) and returns the fed-peg address and the claim pubkey', async (t) => {
  const { node, wallet } = await walletTestNode(t, { params: chainParams([`-fedpegaddress=${VECTOR_FEDPEG}`]) });
  const r = (await node.call('getethpeginaddress', [VECTOR_PRIVKEY])) as Record<string, unknown>;
  assert.deepEqual(r, { eth_mainchain_address: VECTOR_FEDPEG, eth_claim_pubkey: CLAIM_PUBKEY });
  const keyId = hash160(fromHex(CLAIM_PUBKEY));
  assert.ok(wallet.keys.haveKey(keyId));
  assert.equal(wallet.keys.keyInfo(keyId)?.meta.createTime, 1);
  assert.deepEqual(wallet.keys.addressBookEntry({ type: 'keyhash', hash: keyId }), { name: '', purpose: 'receive' });
  // Again: no error, same answer.
  assert.deepEqual(await node.call('getethpeginaddress', [VECTOR_PRIVKEY]), r);
  // Default fed-peg address: twenty zero bytes.
  const other = await walletTestNode(t);
  assert.equal(((await other.node.call('getethpeginaddress', [VECTOR_PRIVKEY])) as Record<string, unknown>).eth_mainchain_address, '00'.repeat(20));
});

test('createrawethpegin: the exact layout, and the fee the original charged for the same claim', async (t) => {
  const { node, wallet } = await walletTestNode(t);
  // The original's createrawethpegin transaction (corpus, chain rt-signed), before it was signed.
  const original = corpusTx('eth-pegin-createrawethpegin');
  const stack = original.inWitness[0]!.peginWitness;
  const amount = new DataView(stack[0]!.buffer, stack[0]!.byteOffset, 8).getBigInt64(0, true);
  const claimKey = toHex(stack[3]!);
  const ethTxid = toDisplayHex(stack[4]!);
  const unsigned = TransactionBuilder.from(original);
  const in0 = original.inputs[0]!;
  unsigned.setInput(0, new TxIn(in0.prevout, new Uint8Array(0), in0.sequence, AssetIssuance.NULL, true));
  const originalFee = original.outputs[1]!.value.amount;
  assert.equal(originalFee, BigInt(unsigned.build().virtualSize() + 83) * 20n, 'the original: fallback fee 20 sat/vbyte on vsize + 83');

  const amountText = `${amount / COIN}.${(amount % COIN).toString().padStart(8, '0')}`;
  const hex = (await node.call('createrawethpegin', [ethTxid, json(Number(amountText)), claimKey])) as string;
  const tx = Transaction.decode(fromHex(hex));
  assert.equal(tx.version, 2);
  assert.equal(tx.locktime, 0);
  assert.equal(tx.inputs.length, 1);
  const input = tx.inputs[0]!;
  assert.equal(input.isPegin, true);
  assert.equal(toDisplayHex(input.prevout.txid), ethTxid);
  assert.equal(input.prevout.index, 0);
  assert.equal(input.scriptSig.length, 0);
  assert.equal(input.sequence, 0xffffffff);
  const w = tx.inWitness[0]!;
  assert.deepEqual(w.scriptWitness, []);
  assert.deepEqual(
    w.peginWitness.map((x) => toHex(x)),
    [toHex(stack[0]!), toHex(node.params.peggedAsset), toHex(node.params.consensus.parentGenesisBlockHash), claimKey, toHex(fromDisplayHex(ethTxid))],
  );
  assert.equal(tx.outputs.length, 2);
  const [claim, fee] = tx.outputs as [(typeof tx.outputs)[0], (typeof tx.outputs)[0]];
  assert.equal(toHex(claim.asset.id), toHex(node.params.peggedAsset));
  assert.equal(toHex(fee.asset.id), toHex(node.params.peggedAsset));
  assert.equal(fee.scriptPubKey.length, 0);
  // Same sizes as the original's, so the same fee.
  assert.equal(fee.value.amount, originalFee);
  assert.equal(claim.value.amount, amount - originalFee);
  // The claim output pays a new wallet key (address book: receive).
  assert.equal(claim.scriptPubKey.length, 25);
  const keyId = claim.scriptPubKey.slice(3, 23);
  assert.ok(wallet.keys.haveKey(keyId));
  assert.deepEqual(toHex(claim.scriptPubKey), toHex(scriptForDestination({ type: 'keyhash', hash: keyId })));
  assert.equal(wallet.keys.addressBookEntry({ type: 'keyhash', hash: keyId })?.purpose, 'receive');
  // Each call takes a new key.
  const again = Transaction.decode(fromHex((await node.call('createrawethpegin', [ethTxid, json(Number(amountText)), claimKey])) as string));
  assert.notEqual(toHex(again.outputs[0]!.scriptPubKey), toHex(claim.scriptPubKey));

  // -paytxfee changes the fee: 0.00001/kB → 1 sat/vbyte on the same size.
  await node.call('settxfee', [json(0.00001)]);
  const cheap = Transaction.decode(fromHex((await node.call('createrawethpegin', [ethTxid, json(Number(amountText)), claimKey])) as string));
  assert.equal(cheap.outputs[1]!.value.amount, originalFee / 20n);
});

test('createrawethpegin / validateethpegin / claimethpegin: parameter errors', async (t) => {
  const { node } = await walletTestNode(t);
  for (const name of ['createrawethpegin', 'validateethpegin', 'claimethpegin']) {
    assert.deepEqual(await node.callError(name, [ETH_TXID, json(1), '02' + '00'.repeat(32)]), { code: -8, message: 'Invalid public key.' }, name);
    assert.deepEqual(await node.callError(name, [ETH_TXID, json(1), CLAIM_PUBKEY.slice(0, 64)]), { code: -8, message: 'Invalid public key.' }, name);
    assert.deepEqual(await node.callError(name, [ETH_TXID, json(-1), CLAIM_PUBKEY]), { code: -3, message: 'Amount out of range' }, name);
    assert.equal((await node.callError(name, [ETH_TXID, json(1)])).code, -1, `${name}: usage`);
  }
});

test('validateethpegin against geth: every reason of §10.4 in order, the confirmation rule, the eth_syncing fallback', async (t) => {
  const { node } = await walletTestNode(t, { params: chainParams([`-fedpegaddress=${VECTOR_FEDPEG}`]) });
  const geth = await startGeth(t, node);
  const validate = (receipt: unknown, amount = VECTOR_AMOUNT) => {
    geth.answers.set('eth_getTransactionReceipt', { result: receipt });
    return node.callError('validateethpegin', [ETH_TXID, amount, CLAIM_PUBKEY]);
  };
  geth.answers.set('eth_blockNumber', { result: `0x${(VECTOR_BLOCK + 11).toString(16)}` });

  // The valid receipt with 11 blocks on top of it: > depth (8) + 2.
  geth.answers.set('eth_getTransactionReceipt', { result: ethPeginVector('ethpegin_valid') });
  assert.equal(await node.call('validateethpegin', [ETH_TXID, VECTOR_AMOUNT, CLAIM_PUBKEY]), true);
  const rq = geth.calls('eth_getTransactionReceipt').at(-1)!;
  assert.deepEqual(rq.body.params, [`0x${ETH_TXID}`]);
  assert.equal(rq.body.id, 1);
  assert.equal(rq.body.jsonrpc, undefined, 'host/port form: JSON-RPC 1.0 style body');
  assert.equal(rq.method, 'POST');
  assert.equal(rq.url, '/');
  assert.equal(rq.headers['content-type'], 'application/json');
  assert.equal(rq.headers.authorization, `Basic ${Buffer.from('geth:secret').toString('base64')}`);

  const expected: [string, string][] = [
    ['ethpegin_invalid1', 'Unexpected ERC-20 transfer topic hash'],
    ['ethpegin_invalid2', 'Invalid CBT ERC-20 contract provided'],
    ['ethpegin_invalid3', 'Invalid fegpeg destination address'],
    ['ethpegin_invalid5', 'From address not matching claim_pubkey'],
    ['ethpegin_invalid6', 'Invalid eth transaction'],
  ];
  for (const [file, message] of expected) assert.deepEqual(await validate(ethPeginVector(file)), { code: -25, message }, file);
  assert.deepEqual(await validate(ethPeginVector('ethpegin_invalid4'), '0.00000001'), { code: -25, message: "Pegin amount and ERC-20 transaction amount don't match" });
  const noLogs = { ...(ethPeginVector('ethpegin_valid') as object), logs: [] };
  assert.deepEqual(await validate(noLogs), { code: -25, message: 'Eth Tx logs empty' });
  // Unknown transaction (null receipt) and a geth error object: the catch-all.
  assert.deepEqual(await validate(null), { code: -25, message: 'Invalid eth transaction' });
  geth.answers.set('eth_getTransactionReceipt', { error: { code: -32000, message: 'boom' } });
  assert.deepEqual(await node.callError('validateethpegin', [ETH_TXID, VECTOR_AMOUNT, CLAIM_PUBKEY]), { code: -25, message: 'Invalid eth transaction' });

  // Confirmations: latest − block > 10.
  const before = geth.calls('eth_blockNumber').length;
  geth.answers.set('eth_blockNumber', { result: `0x${(VECTOR_BLOCK + 10).toString(16)}` });
  assert.deepEqual(await validate(ethPeginVector('ethpegin_valid')), { code: -25, message: 'Peg-in eth transaction needs more confirmations to be sent' });
  assert.equal(geth.calls('eth_blockNumber').length, before + 1);
  // A failing receipt never asks for the tip.
  await validate(ethPeginVector('ethpegin_invalid2'));
  assert.equal(geth.calls('eth_blockNumber').length, before + 1);

  // eth_blockNumber 0 (syncing): the tip is eth_syncing.highestBlock.
  geth.answers.set('eth_blockNumber', { result: '0x0' });
  geth.answers.set('eth_syncing', { result: { startingBlock: '0x0', currentBlock: '0x10', highestBlock: `0x${(VECTOR_BLOCK + 11).toString(16)}` } });
  geth.answers.set('eth_getTransactionReceipt', { result: ethPeginVector('ethpegin_valid') });
  assert.equal(await node.call('validateethpegin', [ETH_TXID, VECTOR_AMOUNT, CLAIM_PUBKEY]), true);
  geth.answers.set('eth_syncing', { result: { startingBlock: '0x0', currentBlock: '0x10', highestBlock: `0x${(VECTOR_BLOCK + 3).toString(16)}` } });
  assert.deepEqual(await validate(ethPeginVector('ethpegin_valid')), { code: -25, message: 'Peg-in eth transaction needs more confirmations to be sent' });
  geth.answers.set('eth_syncing', { result: false });
  assert.deepEqual(await validate(ethPeginVector('ethpegin_valid')), { code: -25, message: 'Invalid eth transaction' });

  // getethpegin returns the receipt raw, or geth's error object.
  geth.answers.set('eth_getTransactionReceipt', { result: ethPeginVector('ethpegin_valid') });
  assert.deepEqual(await node.call('getethpegin', [ETH_TXID]), ethPeginVector('ethpegin_valid'));
  geth.answers.set('eth_getTransactionReceipt', { error: { code: -32000, message: 'boom' } });
  assert.deepEqual(await node.call('getethpegin', [ETH_TXID]), { code: -32000, message: 'boom' });

  // geth gone: the catch-all again.
  await geth.close();
  assert.deepEqual(await validate(ethPeginVector('ethpegin_valid')), { code: -25, message: 'Invalid eth transaction' });
});

test('claimethpegin end to end: the claim is signed with the imported key, mined, and the coins are the wallet\'s; a second claim is refused', async (t) => {
  const { node } = await walletTestNode(t);
  const { eth_claim_pubkey: pubkey } = (await node.call('getethpeginaddress', [VECTOR_PRIVKEY])) as { eth_claim_pubkey: string };
  const txid = (await node.call('claimethpegin', [ETH_TXID, json(12.5), pubkey])) as string;
  assert.match(txid, /^[0-9a-f]{64}$/);
  assert.ok(node.mempool.has(txid));
  const tx = Transaction.decode(fromHex((await node.call('getrawtransaction', [txid])) as string));
  assert.ok(tx.inputs[0]!.scriptSig.length > 100, 'signed: <sig> <pubkey>');
  assert.ok(toHex(tx.inputs[0]!.scriptSig).endsWith(pubkey));
  const fee = tx.outputs[1]!.value.amount;
  await node.generate(1);
  assert.equal(node.mempool.has(txid), false);
  const unspent = ((await node.call('listunspent')) as { txid: string; vout: number; amount: number; assetlabel?: string; spendable: boolean }[]).filter((u) => u.txid === txid);
  assert.equal(unspent.length, 1);
  assert.equal(unspent[0]!.vout, 0);
  assert.equal(sats(unspent[0]!.amount), 1_250_000_000n - fee);
  assert.equal(unspent[0]!.assetlabel, 'CBT');
  assert.equal(unspent[0]!.spendable, true);
  // The same Ethereum transaction cannot be claimed twice.
  const again = await node.callError('claimethpegin', [ETH_TXID, json(12.5), pubkey]);
  assert.equal(again.code, -26);
  assert.match(again.message, /pegin-already-claimed|double-withdraw/);
});

test('claimethpegin without the claim key in the wallet: the unsigned claim is refused by the mempool', async (t) => {
  const { node } = await walletTestNode(t);
  const r = await node.callError('claimethpegin', [ETH_TXID, json(1), CLAIM_PUBKEY]);
  assert.equal(r.code, -26);
  assert.match(r.message, /^16: mandatory-script-verify-flag-failed/);
});

test('claimethpegin with -validatepegin asks geth first: -25 with the reason, then success once confirmed', async (t) => {
  const { node } = await walletTestNode(t, { params: chainParams([`-fedpegaddress=${VECTOR_FEDPEG}`, '-validatepegin=1']) });
  const geth = await startGeth(t, node);
  await node.call('getethpeginaddress', [VECTOR_PRIVKEY]);
  geth.answers.set('eth_getTransactionReceipt', { result: ethPeginVector('ethpegin_valid') });
  geth.answers.set('eth_blockNumber', { result: `0x${(VECTOR_BLOCK + 5).toString(16)}` });
  assert.deepEqual(await node.callError('claimethpegin', [ETH_TXID, VECTOR_AMOUNT, CLAIM_PUBKEY]), { code: -25, message: 'Peg-in eth transaction needs more confirmations to be sent' });
  assert.deepEqual(await node.callError('claimethpegin', [ETH_TXID, '1', CLAIM_PUBKEY]), { code: -25, message: "Pegin amount and ERC-20 transaction amount don't match" });
  assert.equal(node.mempool.info().size, 0);
  geth.answers.set('eth_blockNumber', { result: `0x${(VECTOR_BLOCK + 100).toString(16)}` });
  const txid = (await node.call('claimethpegin', [ETH_TXID, VECTOR_AMOUNT, CLAIM_PUBKEY])) as string;
  assert.ok(node.mempool.has(txid));
});

test('sendtoethmainchain: pegged coins to OP_RETURN <parent genesis> <eth address>; errors', async (t) => {
  const { node } = await walletTestNode(t);
  const addr = '8200623f998a774536b8840fce890637989ae130';
  const txid = (await node.call('sendtoethmainchain', [addr, json(2.5)])) as string;
  const tx = Transaction.decode(fromHex((await node.call('getrawtransaction', [txid])) as string));
  const pegout = tx.outputs.filter((o) => o.scriptPubKey[0] === 0x6a);
  assert.equal(pegout.length, 1);
  // Same script as the original's sendtoethmainchain (corpus), whose chain had the default parent genesis.
  const original = corpusTx('eth-pegout-sendtoethmainchain').outputs.find((o) => o.scriptPubKey[0] === 0x6a)!;
  assert.equal(toHex(pegout[0]!.scriptPubKey), toHex(original.scriptPubKey).replace(/14[0-9a-f]{40}$/, `14${addr}`));
  assert.equal(toHex(pegout[0]!.scriptPubKey), `6a20${toHex(node.params.consensus.parentGenesisBlockHash)}14${addr}`);
  assert.equal(pegout[0]!.value.amount, 250_000_000n);
  assert.equal(toHex(pegout[0]!.asset.id), toHex(node.params.peggedAsset));
  // subtractfeefromamount: the output carries amount − fee.
  const sub = Transaction.decode(fromHex((await node.call('getrawtransaction', [(await node.call('sendtoethmainchain', [addr, json(1), true])) as string])) as string));
  const subFee = sub.outputs.find((o) => o.isFee)!.value.amount;
  assert.equal(sub.outputs.find((o) => o.scriptPubKey[0] === 0x6a)!.value.amount, 100_000_000n - subFee);

  assert.deepEqual(await node.callError('sendtoethmainchain', [`0x${addr}`, json(1)]), { code: -5, message: 'Invalid eth address' });
  assert.deepEqual(await node.callError('sendtoethmainchain', [addr.slice(2), json(1)]), { code: -5, message: 'Invalid eth address' });
  assert.deepEqual(await node.callError('sendtoethmainchain', [`${addr.slice(2)}zz`, json(1)]), { code: -5, message: 'Invalid eth address' });
  assert.deepEqual(await node.callError('sendtoethmainchain', [addr, json(0)]), { code: -3, message: 'Invalid amount for send' });
  assert.deepEqual(await node.callError('sendtoethmainchain', [addr, json(21000000)]), { code: -6, message: 'Insufficient funds' });
});

test('geth client: -mainchainrpcuri sends JSON-RPC 2.0 bodies to the URL; HTTP 401 and an unreachable geth are client errors', async (t) => {
  const geth = await FakeGeth.start();
  t.after(() => geth.close());
  geth.answers.set('eth_blockNumber', { result: '0x10' });
  const viaUri = new GethClient({ host: 'ignored.invalid', port: 1, uri: `http://127.0.0.1:${geth.port}/`, timeoutSeconds: 5 });
  assert.deepEqual(await viaUri.call('eth_blockNumber', []), { result: '0x10', error: null });
  assert.deepEqual(geth.requests.at(-1)!.body, { jsonrpc: '2.0', method: 'eth_blockNumber', params: [], id: 1 });
  // No password: an empty Basic credential (no cookie fallback for the parent chain).
  assert.equal(geth.requests.at(-1)!.headers.authorization?.trim(), 'Basic');

  const { node } = await walletTestNode(t);
  Object.defineProperty(node, 'mainchain', { value: new GethClient({ host: '127.0.0.1', port: geth.port, timeoutSeconds: 5 }), configurable: true });
  geth.status = 401;
  assert.deepEqual(await node.callError('getethpegin', [ETH_TXID]), { code: -1, message: 'incorrect rpcuser or rpcpassword (authorization failed)' });
  assert.deepEqual(await node.callError('validateethpegin', [ETH_TXID, '1', CLAIM_PUBKEY]), { code: -25, message: 'Invalid eth transaction' });
  // Not configured at all (no mainchain client): as unreachable.
  Object.defineProperty(node, 'mainchain', { value: undefined, configurable: true });
  assert.match((await node.callError('getethpegin', [ETH_TXID])).message, /^couldn't connect to server/);
});
