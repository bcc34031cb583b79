// rawblindrawtransaction: blinding with caller-supplied input data (no wallet needed, also with
// -disablewallet); the outputs open with the receivers' keys, the transaction balances only with the
// right input blinders; Elements' errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Transaction, ZkpConfidentialPrimitives, fromHex, toHex, unblindOutput } from '@ocean-ts/core';
import { TestNode, json } from './support/test-node.js';
import { walletTestNode } from './support/wallet-test-node.js';

const primitives = await ZkpConfidentialPrimitives.create();
const decode = (hex: string) => Transaction.decode(fromHex(hex));

interface Unspent {
  txid: string;
  vout: number;
  amount: number;
  asset: string;
  blinder: string;
  assetblinder: string;
}

test('rawblindrawtransaction with the wallet coin’s blinders: outputs open with the receivers’ keys, the transaction is valid', async (t) => {
  const { node } = await walletTestNode(t, { disableCt: false });
  // A blinded coin of the wallet: pay 1000 to itself through blindrawtransaction.
  const genesisCoin = ((await node.call('listunspent')) as Unspent[])[0]!;
  const [p1, p2] = [(await node.call('getnewaddress')) as string, (await node.call('getnewaddress')) as string];
  const raw0 = (await node.call('createrawtransaction', [
    json([{ txid: genesisCoin.txid, vout: genesisCoin.vout }]),
    json({ [p1]: 1000, [p2]: genesisCoin.amount - 1000 - 0.001, fee: 0.001 }),
  ])) as string;
  const signed0 = (await node.call('signrawtransaction', [(await node.call('blindrawtransaction', [raw0])) as string])) as { hex: string };
  const txid0 = (await node.call('sendrawtransaction', [signed0.hex])) as string;
  await node.generate(1);
  const coin = ((await node.call('listunspent')) as Unspent[]).find((u) => u.txid === txid0 && u.vout === 0)!;
  assert.equal(coin.amount, 1000);

  // Receivers whose blinding private keys the test knows.
  const keys = ['0c'.repeat(32), '0d'.repeat(32)].map((k) => fromHex(k));
  const receivers: string[] = [];
  for (const k of keys) {
    const plain = ((await node.call('validateaddress', [(await node.call('getnewaddress')) as string])) as { unconfidential: string }).unconfidential;
    receivers.push((await node.call('createblindedaddress', [plain, toHex(node.secp.publicKeyCreate(k, true))])) as string);
  }
  const raw = (await node.call('createrawtransaction', [json([{ txid: txid0, vout: 0 }]), json({ [receivers[0]!]: 400, [receivers[1]!]: 599.999, fee: 0.001 })])) as string;
  const inputArgs = (blinder: string) => [json([blinder]), json([coin.amount]), json([coin.asset]), json([coin.assetblinder])];

  // A wrong input blinder gives a transaction that does not balance.
  const bad = (await node.call('rawblindrawtransaction', [raw, ...inputArgs('11'.repeat(32))])) as string;
  const badSigned = (await node.call('signrawtransaction', [bad])) as { hex: string };
  assert.equal((await node.callError('sendrawtransaction', [badSigned.hex])).code, -26);

  const blindedHex = (await node.call('rawblindrawtransaction', [raw, ...inputArgs(coin.blinder)])) as string;
  const blinded = decode(blindedHex);
  [400_00000000n, 599_99900000n].forEach((value, i) => {
    const out = blinded.outputs[i]!;
    assert.ok(out.value.isCommitment && out.asset.isCommitment);
    const opened = unblindOutput(primitives, keys[i]!, out, blinded.outWitness[i]!);
    assert.ok(opened, `output ${i} opens with its receiver's key`);
    assert.equal(opened.value, value);
    assert.equal(toHex(opened.asset.slice().reverse()), coin.asset);
    assert.equal(unblindOutput(primitives, keys[1 - i]!, out, blinded.outWitness[i]!), null, 'not with the other key');
  });
  const signed = (await node.call('signrawtransaction', [blindedHex])) as { hex: string; complete: boolean };
  assert.equal(signed.complete, true);
  const txid = (await node.call('sendrawtransaction', [signed.hex])) as string;
  await node.generate(1);
  assert.equal(((await node.call('getrawtransaction', [txid, true])) as { confirmations: number }).confirmations, 1);

  // The same call on a node without a wallet (Elements registers it outside the wallet).
  const bare = await TestNode.create({ walletDisabled: true });
  assert.ok(bare.methods.get('rawblindrawtransaction'));
  assert.equal(bare.methods.get('blindrawtransaction'), undefined);
  const again = decode((await bare.call('rawblindrawtransaction', [raw, ...inputArgs(coin.blinder)])) as string);
  assert.equal(unblindOutput(primitives, keys[0]!, again.outputs[0]!, again.outWitness[0]!)?.value, 400_00000000n);
});

test('rawblindrawtransaction: nothing to blind, a single output, blinded inputs without outputs to blind, and Elements errors', async (t) => {
  const node = await TestNode.create({ walletDisabled: true });
  const key = toHex(node.secp.publicKeyCreate(fromHex('0e'.repeat(32)), true));
  const plainA = '2dcG1zaZLzomTW3FAwNcZ4g4BuA7sLJhxWz';
  const plainB = '2dxjfoEubehgsJpGS1VALbf5FoKJ1bNPE7q';
  const confA = (await node.call('createblindedaddress', [plainA, key])) as string;
  const cbt = node.params.peggedAsset;
  const cbtHex = toHex(cbt.slice().reverse());
  const input = json([{ txid: '33'.repeat(32), vout: 0 }]);
  const zero = '00'.repeat(32);
  const explicitIn = [json([zero]), json([10]), json([cbtHex]), json([zero])];
  const blindedIn = [json(['44'.repeat(32)]), json([10]), json([cbtHex]), json(['55'.repeat(32)])];

  const plainTx = (await node.call('createrawtransaction', [input, json({ [plainA]: 1, fee: 0.001 })])) as string;
  assert.equal(await node.call('rawblindrawtransaction', [plainTx, ...explicitIn]), plainTx, 'vacuous');
  assert.deepEqual(await node.callError('rawblindrawtransaction', [plainTx, ...blindedIn]), {
    code: -8,
    message: 'Unable to blind transaction: Add another output to blind in order to complete the blinding.',
  });
  const single = (await node.call('createrawtransaction', [input, json({ [confA]: 1, [plainB]: 1 })])) as string;
  const stripped = decode((await node.call('rawblindrawtransaction', [single, ...explicitIn])) as string);
  assert.ok(stripped.outputs[0]!.nonce.isNull && stripped.outputs[0]!.value.isExplicit);
  assert.deepEqual(await node.callError('rawblindrawtransaction', [single, ...explicitIn, '', false]), {
    code: -8,
    message: 'Unable to blind transaction: Add another output to blind in order to complete the blinding.',
  });
  // One blinded input balances a single blinded output.
  const one = decode((await node.call('rawblindrawtransaction', [single, ...blindedIn])) as string);
  assert.ok(one.outputs[0]!.value.isCommitment && one.outputs[1]!.value.isExplicit);

  const err = (params: unknown[]) => node.callError('rawblindrawtransaction', params as never);
  const invalid = (m: string) => ({ code: -8, message: m });
  assert.deepEqual(await err([single, json([]), json([10]), json([cbtHex]), json([zero])]), invalid('Invalid parameter: one (potentially empty) input blind for each input must be provided'));
  assert.deepEqual(await err([single, json([zero]), json([]), json([cbtHex]), json([zero])]), invalid('Invalid parameter: one (potentially empty) input blind for each input must be provided'));
  assert.deepEqual(await err([single, json([zero]), json([10]), json([]), json([zero])]), invalid('Invalid parameter: one (potentially empty) input asset id for each input must be provided'));
  assert.deepEqual(await err([single, json([zero]), json([10]), json([cbtHex]), json([])]), invalid('Invalid parameter: one (potentially empty) input asset blind for each input must be provided'));
  assert.deepEqual(await err([single, json([1]), json([10]), json([cbtHex]), json([zero])]), invalid('input blinds must be an array of hex strings'));
  assert.deepEqual(await err([single, json([zero]), json([10]), json([cbtHex]), json([1])]), invalid('input asset blinds must be an array of hex strings'));
  assert.deepEqual(await err([single, json([zero]), json([10]), json([1]), json([zero])]), invalid('input asset ids must be an array of hex strings'));
  assert.deepEqual(await err([single, json(['00']), json([10]), json([cbtHex]), json([zero])]), invalid('input blinds must be an array of 32-byte hex-encoded strings'));
  assert.deepEqual(await err([single, json([zero]), json([10]), json([cbtHex]), json(['zz'.repeat(32)])]), invalid('input asset blinds must be an array of 32-byte hex-encoded strings'));
  assert.deepEqual(await err([single, json([zero]), json([10]), json(['CBT']), json([zero])]), invalid('input asset blinds must be an array of 32-byte hex-encoded strings'));
  assert.deepEqual(await err([single, json([zero]), json([-1]), json([cbtHex]), json([zero])]), { code: -3, message: 'Amount out of range' });
  assert.deepEqual(await err([single, json([zero]), json([10]), json([cbtHex])]), { code: -1, message: node.methods.get('rawblindrawtransaction')!.help });
  assert.deepEqual(await err(['00', ...explicitIn]), { code: -22, message: 'TX decode failed' });
  assert.deepEqual(await err([single, json({}), json([10]), json([cbtHex]), json([zero])]), { code: -3, message: 'Expected type array, got object' });
  assert.deepEqual(await err([single, ...explicitIn, json(5)]), { code: -3, message: 'Expected type string, got number' });
});
