// The legacy Elements Bitcoin-peg RPCs Ocean keeps (rpc spec §3.7, policy spec §10.5):
// getpeginaddress, createrawpegin, claimpegin, sendtomainchain, in process with a real wallet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  OP,
  PartialMerkleTree,
  ScriptBuilder,
  Transaction,
  Writer,
  decodeParentAddress,
  encodeParentAddress,
  fromHex,
  hash160,
  sha256,
  sha256d,
  toDisplayHex,
  toHex,
} from '@ocean-ts/core';
import { calculateContract, decodeBitcoinTx } from '../../../src/peg/bitcoin-peg.js';
import { chainParams, json, secp, type TestNode } from './support/test-node.js';
import { walletTestNode } from './support/wallet-test-node.js';

const COIN = 100_000_000n;

/** A Bitcoin transaction (legacy serialization) with one input and the given outputs. */
function bitcoinTx(outputs: { value: bigint; script: Uint8Array }[], seed = 1): Uint8Array {
  const w = new Writer();
  w.u32le(2);
  w.compactSize(1);
  w.bytes(sha256(Uint8Array.of(seed)));
  w.u32le(0);
  w.varBytes(new Uint8Array(0));
  w.u32le(0xffffffff);
  w.compactSize(outputs.length);
  for (const o of outputs) {
    w.i64le(o.value);
    w.varBytes(o.script);
  }
  w.u32le(0);
  return w.finish();
}

/** A Bitcoin merkle block proving `txids[index]`, mined to `bits` (the nonce ground until the PoW holds). */
function merkleProof(txids: Uint8Array[], index: number, bits = 0x207fffff, grind = true): Uint8Array {
  const tree = PartialMerkleTree.build(txids, txids.map((_, i) => i === index));
  const root = tree.extractMatches()!.root;
  for (let nonce = 0; ; nonce++) {
    const h = new Writer();
    h.u32le(0x20000000);
    h.bytes(new Uint8Array(32));
    h.bytes(root);
    h.u32le(1_600_000_000);
    h.u32le(bits);
    h.u32le(nonce);
    const header = h.finish();
    const hash = sha256d(header);
    if (!grind || hash[31]! < 0x7f) {
      const w = new Writer();
      w.bytes(header);
      tree.write(w);
      return w.finish();
    }
  }
}

function depositScript(node: TestNode, mainchainAddress: string): Uint8Array {
  const d = decodeParentAddress(mainchainAddress, node.params.base58);
  assert.equal(d.type, 'scripthash');
  return new ScriptBuilder().op(OP.OP_HASH160).push(d.hash).op(OP.OP_EQUAL).build();
}

test('getpeginaddress: a P2WPKH claim script of a new wallet key and the P2SH-P2WSH deposit of the fed-peg script', async (t) => {
  const { node, wallet } = await walletTestNode(t);
  const r = (await node.call('getpeginaddress')) as { mainchain_address: string; claim_script: string };
  assert.deepEqual(Object.keys(r), ['mainchain_address', 'claim_script']);
  assert.match(r.claim_script, /^0014[0-9a-f]{40}$/);
  const keyId = fromHex(r.claim_script.slice(4));
  assert.ok(wallet.keys.haveKey(keyId));
  assert.ok(wallet.keys.haveScript(hash160(fromHex(r.claim_script))), 'AddCScript(claim script)');
  // Default -fedpegscript = OP_TRUE: nothing to tweak, the deposit is P2SH(P2WSH(51)) on the parent (prefix 196).
  const p2wsh = new ScriptBuilder().op(OP.OP_0).push(sha256(Uint8Array.of(OP.OP_TRUE))).build();
  assert.equal(r.mainchain_address, encodeParentAddress({ type: 'scripthash', hash: hash160(p2wsh) }, node.params.base58));
  assert.ok(r.mainchain_address.startsWith('2'), 'testnet-style P2SH');
  const again = (await node.call('getpeginaddress')) as { claim_script: string };
  assert.notEqual(again.claim_script, r.claim_script);
  assert.equal((await node.callError('getpeginaddress', ['x'])).code, -1);
});

test('calculate_contract: keys before OP_ELSE are tweaked with HMAC-SHA256(key, claim script)', () => {
  const k1 = secp.publicKeyCreate(sha256(Uint8Array.of(1)), true);
  const k2 = secp.publicKeyCreate(sha256(Uint8Array.of(2)), true);
  const fedpeg = new ScriptBuilder().op(OP.OP_IF).op(OP.OP_1).push(k1).op(OP.OP_1).op(OP.OP_CHECKMULTISIG).op(OP.OP_ELSE).push(k2).op(OP.OP_CHECKSIG).op(OP.OP_ENDIF).build();
  const claim = fromHex('0014' + '11'.repeat(20));
  const tweak = new Uint8Array(createHmac('sha256', k1).update(claim).digest());
  const expected = new ScriptBuilder().op(OP.OP_IF).op(OP.OP_1).push(secp.publicKeyTweakAdd(k1, tweak, true)).op(OP.OP_1).op(OP.OP_CHECKMULTISIG).op(OP.OP_ELSE).push(k2).op(OP.OP_CHECKSIG).op(OP.OP_ENDIF).build();
  assert.equal(toHex(calculateContract(fedpeg, claim, secp)), toHex(expected));
  assert.equal(toHex(calculateContract(Uint8Array.of(OP.OP_TRUE), claim, secp)), '51');
});

test('createrawpegin: the 6-item witness, the deposit output, the fee; every proof and claim-script error', async (t) => {
  // A 1-of-1 multisig fed-peg script: the deposit address depends on the claim script.
  const fedKey = toHex(secp.publicKeyCreate(sha256(Uint8Array.of(9)), true));
  const { node } = await walletTestNode(t, { params: chainParams([`-fedpegscript=5121${fedKey}51ae`]) });
  const { mainchain_address, claim_script } = (await node.call('getpeginaddress')) as { mainchain_address: string; claim_script: string };
  const txBytes = bitcoinTx([
    { value: 7n * COIN, script: fromHex('76a914' + '22'.repeat(20) + '88ac') },
    { value: 150_000_000n, script: depositScript(node, mainchain_address) },
  ]);
  const btc = decodeBitcoinTx(txBytes);
  assert.equal(toHex(btc.txid), toHex(sha256d(txBytes)), 'legacy serialization: txid = hash of the bytes');
  const other = decodeBitcoinTx(bitcoinTx([{ value: 1n, script: new Uint8Array(0) }], 2)).txid;
  const proof = merkleProof([other, btc.txid], 1);

  const r = (await node.call('createrawpegin', [toHex(txBytes), toHex(proof)])) as { hex: string; mature?: boolean };
  assert.deepEqual(Object.keys(r), ['hex'], 'no "mature" without -validatepegin');
  const tx = Transaction.decode(fromHex(r.hex));
  const input = tx.inputs[0]!;
  assert.equal(input.isPegin, true);
  assert.equal(toDisplayHex(input.prevout.txid), toDisplayHex(btc.txid));
  assert.equal(input.prevout.index, 1);
  const stack = tx.inWitness[0]!.peginWitness.map((x) => toHex(x));
  // Without a claim script the wallet finds its own P2WPKH whose deposit the transaction pays.
  assert.deepEqual(stack, ['80d1f00800000000', toHex(node.params.peggedAsset), toHex(node.params.consensus.parentGenesisBlockHash), claim_script, toHex(txBytes), toHex(proof)]);
  const fee = tx.outputs[1]!.value.amount;
  const unsignedVsize = tx.virtualSize();
  assert.equal(fee, BigInt(unsignedVsize + 83) * 20n);
  assert.equal(tx.outputs[0]!.value.amount, 150_000_000n - fee);
  // With the claim script given explicitly: the same claim.
  const explicit = Transaction.decode(fromHex(((await node.call('createrawpegin', [toHex(txBytes), toHex(proof), claim_script])) as { hex: string }).hex));
  assert.equal(explicit.inputs[0]!.prevout.index, 1);
  assert.equal(toHex(explicit.inWitness[0]!.peginWitness[3]!), claim_script);

  const e = (params: unknown[]) => node.callError('createrawpegin', params.map((x) => json(x)));
  assert.deepEqual(await e(['00', toHex(proof)]), { code: -8, message: 'The included bitcoinTx is malformed. Are you sure that is the whole string?' });
  assert.deepEqual(await e([toHex(txBytes), toHex(proof).slice(0, 100)]), { code: -8, message: 'The included txoutproof is malformed. Are you sure that is the whole string?' });
  assert.deepEqual(await e([toHex(txBytes), toHex(proof) + '00']), { code: -5, message: 'Invalid tx out proof' });
  assert.deepEqual(await e([toHex(txBytes), toHex(merkleProof([other, btc.txid], 1, 0x1d00ffff, false))]), { code: -5, message: 'Invalid tx out proof' });
  assert.deepEqual(await e([toHex(txBytes), toHex(merkleProof([other, btc.txid], 0))]), { code: -5, message: 'The txoutproof must contain bitcoinTx and only bitcoinTx' });
  assert.deepEqual(await e([toHex(txBytes), toHex(proof), '51']), { code: -8, message: 'Given claim_script is not a valid v0 witness program.' });
  assert.deepEqual(await e([toHex(txBytes), toHex(proof), '0014' + '33'.repeat(20)]), { code: -8, message: 'Given claim_script does not match the given Bitcoin transaction.' });
  const stranger = bitcoinTx([{ value: COIN, script: fromHex('a914' + '44'.repeat(20) + '87') }], 3);
  assert.deepEqual(await e([toHex(stranger), toHex(merkleProof([decodeBitcoinTx(stranger).txid], 0))]), {
    code: -8,
    message: 'Failed to find output in bitcoinTx to the mainchain_address from getpeginaddress',
  });
});

test('claimpegin: refused during initial sync; otherwise Ocean\'s 5-item witness rule rejects the Bitcoin peg-in', async (t) => {
  const { node } = await walletTestNode(t);
  const { mainchain_address } = (await node.call('getpeginaddress')) as { mainchain_address: string };
  const txBytes = bitcoinTx([{ value: 2n * COIN, script: depositScript(node, mainchain_address) }]);
  const proof = merkleProof([decodeBitcoinTx(txBytes).txid], 0);
  node.ibd = true;
  assert.deepEqual(await node.callError('claimpegin', [toHex(txBytes), toHex(proof)]), { code: -4, message: 'Peg-ins cannot be completed during initial sync or reindexing.' });
  node.ibd = false;
  const r = await node.callError('claimpegin', [toHex(txBytes), toHex(proof)]);
  assert.equal(r.code, -4);
  assert.match(r.message, /^Error: The transaction was rejected! Reason given: .*pegin/);
  assert.equal(node.mempool.info().size, 0);
});

test('createrawpegin with -validatepegin reports "mature" from the parent node; claimpegin refuses an immature one', async (t) => {
  const { node } = await walletTestNode(t, { params: chainParams(['-validatepegin=1']) });
  const { mainchain_address } = (await node.call('getpeginaddress')) as { mainchain_address: string };
  const txBytes = bitcoinTx([{ value: 2n * COIN, script: depositScript(node, mainchain_address) }]);
  const proof = merkleProof([decodeBitcoinTx(txBytes).txid], 0);
  // No parent node reachable: not confirmed.
  assert.equal(((await node.call('createrawpegin', [toHex(txBytes), toHex(proof)])) as { mature: boolean }).mature, false);
  assert.deepEqual(await node.callError('claimpegin', [toHex(txBytes), toHex(proof)]), { code: -4, message: 'Peg-in Bitcoin transaction needs more confirmations to be sent.' });
});

test('sendtomainchain: OP_RETURN <parent genesis> <mainchain script> in the pegged asset; errors', async (t) => {
  const { node } = await walletTestNode(t);
  const keyhash = '55'.repeat(20);
  const address = encodeParentAddress({ type: 'keyhash', hash: fromHex(keyhash) }, node.params.base58);
  const txid = (await node.call('sendtomainchain', [address, json(3)])) as string;
  const tx = Transaction.decode(fromHex((await node.call('getrawtransaction', [txid])) as string));
  const out = tx.outputs.find((o) => o.scriptPubKey[0] === OP.OP_RETURN)!;
  assert.equal(toHex(out.scriptPubKey), `6a20${toHex(node.params.consensus.parentGenesisBlockHash)}1976a914${keyhash}88ac`);
  assert.equal(out.value.amount, 3n * COIN);
  assert.equal(toHex(out.asset.id), toHex(node.params.peggedAsset));
  // A sidechain address is not a parent-chain address.
  const own = (await node.call('getnewaddress')) as string;
  assert.deepEqual(await node.callError('sendtomainchain', [own, json(1)]), { code: -5, message: 'Invalid Bitcoin address' });
  assert.deepEqual(await node.callError('sendtomainchain', [address, json(0)]), { code: -3, message: 'Invalid amount for send' });
});
