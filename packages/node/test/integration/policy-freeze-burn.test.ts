// End-to-end on the real `bin/oceand -freezelist=1 -burnlist=1 -recordinflation=1 -issuanceblock=1`
// (ocean-functional-behaviour.md B.3, B.4, B.5, B.10): an address frozen by a policy transaction in a
// block, its spend refused and accepted once the entry moved, redemptions, burns, issuance blocking,
// the freeze history, and a restart that rebuilds the lists from the UTXO set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChainParams,
  OP,
  OptionValues,
  OutPoint,
  ScriptBuilder,
  TransactionBuilder,
  TxIn,
  addressForDestination,
  encodeWif,
  hash160,
  loadNativeSecp256k1,
  toDisplayHex,
  toHex,
  calculateAsset,
  parseJson,
  writeJson,
  type JsonNumber,
  type JsonObject,
  type JsonValue,
  type Transaction,
  type TxOut,
} from '@ocean-ts/core';
import { explicitOutput } from '../../src/mining/coinbase.js';
import { call, daemonSandbox, freePort, kill, rpc, startDaemon, waitUntilUp, type Daemon } from '../support/daemon.js';
import { corpusDaemonArgs, corpusReplayChain, writeCorpusDatadir } from '../support/corpus-node.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHAIN_OPTIONS = [
  '-regtest',
  '-initialfreecoins=2100000000000000',
  '-policycoins=50000000000000',
  '-freezelistcoinsdestination=51',
  '-burnlistcoinsdestination=51',
  '-issuancecoinsdestination=51',
  '-txindex=1',
];
const POLICY_SWITCHES = ['-freezelist=1', '-burnlist=1', '-recordinflation=1', '-issuanceblock=1'];
const params = ChainParams.fromOptionValues(OptionValues.fromSources(CHAIN_OPTIONS, []));
const secp = loadNativeSecp256k1();
const CBT = params.peggedAsset;
const FREEZE = params.policyAsset('freezelist')!;
const BURN = params.policyAsset('burnlist')!;
const ISSUANCE = params.policyAsset('issuance')!;

interface Key {
  readonly wif: string;
  readonly pub: string;
  readonly address: string;
  readonly script: Uint8Array;
}

function key(n: number): Key {
  const priv = new Uint8Array(32);
  priv[31] = n;
  const pub = secp.publicKeyCreate(priv, true);
  const id = hash160(pub);
  return {
    wif: encodeWif(priv, true, params.base58),
    pub: toHex(pub),
    address: addressForDestination({ type: 'keyhash', hash: id }, params.base58),
    script: new ScriptBuilder().op(OP.OP_DUP, OP.OP_HASH160).push(id).op(OP.OP_EQUALVERIFY, OP.OP_CHECKSIG).build(),
  };
}

const ADMIN = key(1);
const USER = key(2);
const USER2 = key(3);
const USER3 = key(4);
const NULL_SCRIPT = new ScriptBuilder().op(OP.OP_DUP, OP.OP_HASH160).push(new Uint8Array(20)).op(OP.OP_EQUALVERIFY, OP.OP_CHECKSIG).build();

interface Utxo {
  readonly txid: string;
  readonly vout: number;
  readonly out: TxOut;
}

/** The genesis OP_TRUE coins of `asset`. */
function genesisCoins(asset: Uint8Array): Utxo[] {
  const found: Utxo[] = [];
  for (const tx of params.genesisBlock.transactions) {
    tx.outputs.forEach((out, vout) => {
      if (out.asset.isExplicit && toHex(out.asset.id) === toHex(asset) && out.scriptPubKey.length === 1 && out.scriptPubKey[0] === OP.OP_1) {
        found.push({ txid: tx.txidHex, vout, out });
      }
    });
  }
  return found;
}

const coins = (sat: bigint): number => Number(`${sat / 100_000_000n}.${(sat % 100_000_000n).toString().padStart(8, '0')}`);
const utxo = (tx: Transaction, vout: number): Utxo => ({ txid: tx.txidHex, vout, out: tx.outputs[vout]! });

function build(inputs: readonly Utxo[], outputs: readonly TxOut[]): Transaction {
  const b = new TransactionBuilder();
  b.version = 2;
  for (const u of inputs) b.addInput(new TxIn(new OutPoint(Buffer.from(u.txid, 'hex').reverse(), u.vout), new Uint8Array(0), 0xffffffff));
  for (const o of outputs) b.addOutput(o);
  return b.build();
}

test('oceand -freezelist -burnlist -recordinflation -issuanceblock: B.3, B.4, B.5, B.10 and a restart', async (t) => {
  const sandbox = await daemonSandbox(t, 'oceand-freeze-burn-');
  const port = sandbox.port;
  let d: Daemon | undefined;
  const start = async (extra: readonly string[]) => {
    d = await sandbox.start([...CHAIN_OPTIONS, ...extra]);
  };
  const stop = async () => {
    await call(port, 'stop');
    assert.equal(await d!.exited, 0);
  };
  const sign = async (hex: string, wif: string): Promise<string> => {
    const r = (await call(port, 'signrawtransaction', [hex, [], [wif]])) as { hex: string; complete: boolean };
    assert.equal(r.complete, true, `signing with ${wif}`);
    return r.hex;
  };
  const send = (hex: string) => call(port, 'sendrawtransaction', [hex]) as Promise<string>;
  const refused = async (hex: string, reason: string) => {
    const r = await rpc(port, 'sendrawtransaction', [hex]);
    assert.deepEqual(r.error, { code: -26, message: `64: ${reason}` });
  };
  const mine = async () => (await call(port, 'generate', [1])) as string[];

  await start(POLICY_SWITCHES);
  assert.equal(await call(port, 'getblockhash', [0]), toDisplayHex(params.genesisHash));
  assert.equal(addressForDestination({ type: 'keyhash', hash: new Uint8Array(20) }, params.base58), '2dZRkPX3hrPtuBrmMkbGtxTxsuYYgAaFrXZ');

  // funding: P2PKH coins for the users, OP_TRUE change
  const [free] = genesisCoins(CBT);
  const TEN = 1_000_000_000n;
  const FEE = 100_000n;
  const fund = build(
    [free!],
    [
      explicitOutput(CBT, TEN, USER.script),
      explicitOutput(CBT, TEN, USER.script),
      explicitOutput(CBT, TEN, USER2.script),
      explicitOutput(CBT, TEN, USER3.script),
      explicitOutput(CBT, TEN, Uint8Array.of(OP.OP_1)),
      explicitOutput(CBT, TEN, Uint8Array.of(OP.OP_1)),
      explicitOutput(CBT, free!.out.value.amount - 6n * TEN - FEE, Uint8Array.of(OP.OP_1)),
      explicitOutput(CBT, FEE, new Uint8Array(0)),
    ],
  );
  await send(toHex(fund.toBytes()));
  await mine();

  // B.3.1: a policy tx in the freezelist asset (createrawpolicytx) adds USER once mined
  const [freezeCoin] = genesisCoins(FREEZE);
  assert.equal(await call(port, 'queryfreezelist', [USER.address]), false);
  const policyHex = (await call(port, 'createrawpolicytx', [
    [{ txid: freezeCoin!.txid, vout: freezeCoin!.vout }],
    [{ pubkey: ADMIN.pub, value: coins(freezeCoin!.out.value.amount), address: USER.address }],
    0,
    toDisplayHex(FREEZE),
  ])) as string;
  const policyTxid = await send(policyHex);
  assert.equal(await call(port, 'queryfreezelist', [USER.address]), false, 'only blocks update the list');
  await mine();
  assert.equal(await call(port, 'queryfreezelist', [USER.address]), true);

  // B.3.2: spending USER's coin is refused; testmempoolaccept does not apply the list rules
  const spendUser = await sign(toHex(build([utxo(fund, 0)], [explicitOutput(CBT, TEN - FEE, USER3.script), explicitOutput(CBT, FEE, new Uint8Array(0))]).toBytes()), USER.wif);
  await refused(spendUser, 'freezelist-address-input');
  assert.equal(((await call(port, 'testmempoolaccept', [spendUser])) as { allowed: boolean }).allowed, true);

  // B.3.3: spending the policy output (admin key) to an entry for USER2 moves the freeze
  const moveHex = (await call(port, 'createrawpolicytx', [
    [{ txid: policyTxid, vout: 0 }],
    [{ pubkey: ADMIN.pub, value: coins(freezeCoin!.out.value.amount), address: USER2.address }],
    0,
    toDisplayHex(FREEZE),
  ])) as string;
  await send(await sign(moveHex, ADMIN.wif));
  await mine();
  assert.equal(await call(port, 'queryfreezelist', [USER.address]), false);
  assert.equal(await call(port, 'queryfreezelist', [USER2.address]), true);
  await send(spendUser);

  // B.4: redemptions (no fee output) need every other P2PKH recipient frozen, wherever the null output is
  const half = TEN / 2n;
  const badRedemption = build([utxo(fund, 4)], [explicitOutput(CBT, half, USER3.script), explicitOutput(CBT, TEN - half, NULL_SCRIPT)]);
  await refused(toHex(badRedemption.toBytes()), 'redemption-tx-not-freezelisted');
  const redemption = build([utxo(fund, 4)], [explicitOutput(CBT, half, NULL_SCRIPT), explicitOutput(CBT, TEN - half, USER2.script)]);
  const redemptionTxid = await send(toHex(redemption.toBytes()));
  const [redemptionBlock] = await mine();
  const redemptionHeight = ((await call(port, 'getblock', [redemptionBlock])) as { height: number }).height;

  // B.5.2/3: the redemption's outputs count as frozen; the freeze history lists the USER2 output
  const cbtRow = () =>
    (call(port, 'getutxoassetinfo') as Promise<{ asset: string; frozentxouts: number; amountfrozen: number; entropy: string }[]>).then((rows) =>
      rows.find((r) => r.asset === toDisplayHex(CBT))!,
    );
  assert.deepEqual([(await cbtRow()).frozentxouts, (await cbtRow()).amountfrozen], [2, coins(TEN)]);
  assert.deepEqual(await call(port, 'getfreezehistory'), [{ txid: redemptionTxid, vout: 1, asset: toDisplayHex(CBT), value: coins(TEN - half), start: redemptionHeight, end: 0 }]);
  assert.equal((await rpc(port, 'getfreezehistory', [1])).error?.code, -1, 'any parameter is a usage error');

  // B.3.5 / B.3.4: burns. USER3 (on no list): burn-tx-not-burnlisted. USER2 (frozen, not burnlisted):
  // freezelist-burn-no-burnlist; once a burnlist policy tx lists USER2, the burn is accepted.
  const burnOf = async (u: Utxo, wif: string): Promise<string> => {
    const r = (await call(port, 'createrawburn', [u.txid, String(u.vout), toDisplayHex(CBT), coins(u.out.value.amount)])) as { hex: string };
    return sign(r.hex, wif);
  };
  await refused(await burnOf(utxo(fund, 3), USER3.wif), 'burn-tx-not-burnlisted');
  const burnUser2 = await burnOf(utxo(fund, 2), USER2.wif);
  await refused(burnUser2, 'freezelist-burn-no-burnlist');
  const [burnCoin] = genesisCoins(BURN);
  await send(
    (await call(port, 'createrawpolicytx', [
      [{ txid: burnCoin!.txid, vout: burnCoin!.vout }],
      [{ pubkey: ADMIN.pub, value: coins(burnCoin!.out.value.amount), address: USER2.address }],
      0,
      toDisplayHex(BURN),
    ])) as string,
  );
  await mine();
  assert.equal(await call(port, 'queryburnlist', [USER2.address]), true);
  await send(burnUser2);
  await mine();

  // B.10: an issuance spending an ISSUANCE coin is accepted (its entropy/token recorded), one
  // spending a CBT coin is refused
  const [issuanceCoin] = genesisCoins(ISSUANCE);
  const issued = (await call(port, 'createrawissuance', [
    USER.address, 100, USER.address, 1, USER.address, coins(issuanceCoin!.out.value.amount), '1', issuanceCoin!.txid, String(issuanceCoin!.vout),
  ])) as { rawtx: string; entropy: string; asset: string; token: string };
  await send(issued.rawtx);
  const notIssuance = (await call(port, 'createrawissuance', [USER.address, 100, USER.address, 1, USER.address, 1, '1', fund.txidHex, '5'])) as { rawtx: string };
  await refused(notIssuance.rawtx, 'fblockissuancetx-non-issuance-asset');
  await mine();
  const assetRow = ((await call(port, 'getutxoassetinfo')) as { asset: string; entropy: string; token: string; amountspendable: number }[]).find((r) => r.asset === issued.asset)!;
  assert.deepEqual([assetRow.entropy, assetRow.token, assetRow.amountspendable], [issued.entropy, issued.token, 100]);

  // B.3.6: local edits
  await call(port, 'addtofreezelist', [USER3.address]);
  assert.equal(await call(port, 'queryfreezelist', [USER3.address]), true);

  // B.3.7: a restart rebuilds the lists from the UTXO set; local edits and the history are gone
  await stop();
  await start(POLICY_SWITCHES);
  assert.equal(await call(port, 'queryfreezelist', [USER2.address]), true);
  assert.equal(await call(port, 'queryfreezelist', [USER.address]), false);
  assert.equal(await call(port, 'queryfreezelist', [USER3.address]), false);
  assert.equal(await call(port, 'queryburnlist', [USER2.address]), true);
  assert.deepEqual(await call(port, 'getfreezehistory'), []);
  const restartedRow = ((await call(port, 'getutxoassetinfo')) as { asset: string; entropy: string }[]).find((r) => r.asset === issued.asset)!;
  assert.equal(restartedRow.entropy, 'null', 'issuance records are not rebuilt');
  // still enforced after the restart: a redemption to the unfrozen USER3 is refused
  await refused(toHex(build([utxo(fund, 5)], [explicitOutput(CBT, half, NULL_SCRIPT), explicitOutput(CBT, TEN - half, USER3.script)]).toBytes()), 'redemption-tx-not-freezelisted');

  // without the switches nothing is enforced nor rebuilt
  await stop();
  await start([]);
  assert.equal(await call(port, 'queryfreezelist', [USER2.address]), false);
  await send(toHex(build([utxo(fund, 5)], [explicitOutput(CBT, half, NULL_SCRIPT), explicitOutput(CBT, TEN - half, USER3.script)]).toBytes()));
  await stop();
});

test('oceand -pkhwhitelist -issuanceblock (B.10.3): output 0 of a new issuance must be whitelisted', async (t) => {
  const sandbox = await daemonSandbox(t, 'oceand-issuanceblock-');
  const port = sandbox.port;
  const d = await sandbox.start([...CHAIN_OPTIONS, '-pkhwhitelist=1', '-issuanceblock=1']);
  const [issuanceCoin] = genesisCoins(ISSUANCE);
  const issue = async () =>
    ((await call(port, 'createrawissuance', [
      USER.address, 100, USER.address, 1, USER.address, coins(issuanceCoin!.out.value.amount), '1', issuanceCoin!.txid, String(issuanceCoin!.vout),
    ])) as { rawtx: string }).rawtx;
  const r = await rpc(port, 'sendrawtransaction', [await issue()]);
  assert.deepEqual(r.error, { code: -26, message: '64: fblockissuancetx-non-whitelisted-address' });
  assert.equal(await call(port, 'addtowhitelist', [USER.address, USER.pub]), null);
  assert.equal(typeof (await call(port, 'sendrawtransaction', [await issue()])), 'string');
  await call(port, 'stop');
  assert.equal(await d.exited, 0);
});

/**
 * rt-policy through its index node's configuration (`-freezelist=1 -burnlist=1 -recordinflation=1`):
 * every transaction goes to `sendrawtransaction` before its block is submitted. What the original
 * refused is what the corpus README records: on a -burnlist node every non-zero OP_RETURN burn whose
 * input is not burnlisted (`destroyamount`, made and mined by the node without -burnlist). At the
 * tip the lists, the freeze history and the issuance records follow from the original's blocks.
 */
test('corpus rt-policy: mempool outcomes, lists, freeze history and issuance records of the index node', async (t) => {
  const chain = corpusReplayChain('rt-policy');
  const datadir = mkdtempSync(join(tmpdir(), 'ocean-policy-corpus-'));
  writeCorpusDatadir(chain, datadir);
  const port = await freePort();
  const d = startDaemon(port, [...corpusDaemonArgs(chain, datadir, new Set()), '-listen=0']);
  t.after(() => {
    kill(d);
    rmSync(datadir, { recursive: true, force: true });
  });
  await waitUntilUp(d);
  assert.ok(chain.argv.includes('-freezelist=1') && chain.argv.includes('-burnlist=1') && chain.argv.includes('-recordinflation=1'));

  const refusedKinds = new Map<string, string>();
  const txsByHeight = new Map<number, typeof chain.txs[number][]>();
  for (const tx of chain.txs) {
    if (!txsByHeight.has(tx.blockHeight)) txsByHeight.set(tx.blockHeight, []);
    txsByHeight.get(tx.blockHeight)!.push(tx);
  }
  for (const b of chain.blocks.slice(1)) {
    // transactions in block order (the corpus keeps it; coinbases cannot enter the mempool)
    const txids = ((b.getblock.get('tx') as string[]) ?? []).slice(1);
    for (const txid of txids) {
      const tx = txsByHeight.get(b.height)!.find((x) => x.txid === txid)!;
      const r = await rpc(port, 'sendrawtransaction', [tx.hex]);
      if (r.error !== null) refusedKinds.set(`${tx.kinds.join(',')} ${txid}`, r.error.message);
    }
    const r = await rpc(port, 'submitblock', [b.hex]);
    assert.equal(r.error, null, `submitblock ${b.height}`);
    assert.equal(await call(port, 'getbestblockhash'), b.hash);
  }
  const destroys = chain.txs.filter((x) => x.kinds.includes('destroyamount'));
  assert.equal(destroys.length, 3);
  assert.deepEqual(
    [...refusedKinds].sort(),
    destroys.map((x) => [`destroyamount ${x.txid}`, '64: burn-tx-not-burnlisted']).sort(),
    'the only transactions the index node refuses are the destroyamount burns',
  );

  // the lists the blocks leave (policy-freezelist-add/update, policy-burnlist-add)
  const addressOf = (keyIdHex: string) => addressForDestination({ type: 'keyhash', hash: Buffer.from(keyIdHex, 'hex') }, params.base58);
  const frozen = ['1c0f8b13a8132f0e59ecbd19bbe07932ef54ccd5', 'cd3ae1f1dbdc6ad482e168eeb5740942d7f9f07e', 'df3731d31b162f038d77b8a1d0946cf159519a36', '2e6cc37ff1b33b743ecb64079cdf47e1a2361e24'];
  for (const id of frozen) assert.equal(await call(port, 'queryfreezelist', [addressOf(id)]), true, id);
  assert.equal(await call(port, 'queryfreezelist', [addressOf('31be3fb417d9d549d9467e0121f0ffdaaab99140')]), false, 'moved by policy-freezelist-update');
  for (const id of ['723b5aa378448484c222eeba5feb550a62625f5b', '2e6cc37ff1b33b743ecb64079cdf47e1a2361e24']) assert.equal(await call(port, 'queryburnlist', [addressOf(id)]), true, id);

  // the redemption at height 37 froze its second output; a bid spent it at height 45
  const redemption = chain.txs.find((x) => x.kinds.includes('redemption-null-address'))!;
  const vout1 = (redemption.decoderawtransaction.get('vout') as JsonObject[])[1]!;
  assert.equal(
    writeJson(await rpcJson(port, 'getfreezehistory')),
    `[{"txid":"${redemption.txid}","vout":1,"asset":"${vout1.get('asset') as string}","value":${(vout1.get('value') as JsonNumber).raw},"start":37,"end":45}]`,
  );

  // every new issuance's asset has the original's token and an entropy that derives the asset; the
  // genesis issuances are not connected through the per-transaction path, so they read "null"
  const rows = (await call(port, 'getutxoassetinfo')) as { asset: string; entropy: string; token: string }[];
  let checked = 0;
  let genesis = 0;
  for (const tx of chain.txs) {
    if (tx.blockHeight === 0) {
      const row = rows.find((r) => r.asset === ((tx.decoderawtransaction.get('vin') as JsonObject[])[0]!.get('issuance') as JsonObject | undefined)?.get('asset'));
      if (row !== undefined) {
        assert.deepEqual([row.entropy, row.token], ['null', 'null'], `genesis ${tx.txid}`);
        genesis++;
      }
      continue;
    }
    const vin0 = (tx.decoderawtransaction.get('vin') as JsonObject[])[0]!;
    const issuance = vin0.get('issuance') as JsonObject | undefined;
    if (issuance === undefined || issuance.get('isreissuance') === true) continue;
    const row = rows.find((r) => r.asset === issuance.get('asset'));
    if (row === undefined) continue; // nothing of it left unspent
    assert.equal(row.token, issuance.get('token'), `${tx.txid} token`);
    assert.equal(toDisplayHex(calculateAsset(Buffer.from(row.entropy, 'hex').reverse())), row.asset, `${tx.txid} entropy`);
    checked++;
  }
  assert.ok(checked >= 4 && genesis === 7, `issuances checked: ${checked}, genesis ${genesis}`);
});

async function rpcJson(port: number, method: string): Promise<JsonValue> {
  const r = await fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from('u:p').toString('base64')}` },
    body: JSON.stringify({ jsonrpc: '1.0', id: 1, method, params: [] }),
  });
  return (parseJson(await r.text()) as JsonObject).get('result')!;
}
