/** Ocean additions of ocean-tx (asset=, outfee=, confidential addresses, chain options) and signing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChainParams,
  ConfidentialValue,
  JsonObject,
  NobleSecp256k1,
  STANDARD_SCRIPT_VERIFY_FLAGS,
  Transaction,
  TransactionSignatureChecker,
  addressForDestination,
  encodeWif,
  fromHex,
  hash160,
  parseJson,
  scriptToAsm,
  sha256,
  toDisplayHex,
  toHex,
  verifyScript,
} from '@ocean-ts/core';
import { chainSwitches, dumpAssetLabels } from './support/corpus-chains.js';
import { tool } from './support/shared.js';

const chain = ChainParams.fromOptionValues({});
const secp = new NobleSecp256k1();
const TXID = '5897de6bd6027a475eadd57019d4e6872c396d0716c4875a5f1a6fcfdf385c1f';
const TXID2 = 'bf829c6bcf84579331337659d31f89dfd138f7f7785802d5501c92333145ca7c';

function key(n: number): { priv: Uint8Array; pub: Uint8Array; wif: string } {
  const priv = new Uint8Array(32);
  priv[31] = n;
  priv[0] = 0x11;
  const pub = secp.publicKeyCreate(priv, true);
  return { priv, pub, wif: encodeWif(priv, true, chain.base58) };
}
const K1 = key(1);
const K2 = key(2);
const K3 = key(3);
const p2pkhAddr = (pub: Uint8Array) => addressForDestination({ type: 'keyhash', hash: hash160(pub) }, chain.base58);

function run(args: string[]): Transaction {
  const r = tool(args);
  assert.equal(r.code, 0, r.stderr);
  return Transaction.decode(fromHex(r.stdout.trim()));
}

function jsonOf(args: string[]): JsonObject {
  const r = tool(['-json', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return parseJson(r.stdout) as JsonObject;
}

test('outputs default to the pegged asset (CBT); asset= takes a label or a hex id for the outputs after it', () => {
  const other = 'aa'.repeat(32);
  const tx = run(['-create', `outaddr=1:${p2pkhAddr(K1.pub)}`, `asset=${other}`, 'outdata=0:00', 'asset=CBT', 'outfee=0.0001']);
  assert.equal(tx.outputs[0]!.asset.idHex, toDisplayHex(chain.peggedAsset));
  assert.equal(tx.outputs[1]!.asset.idHex, other);
  assert.equal(tx.outputs[2]!.asset.idHex, toDisplayHex(chain.peggedAsset));
  assert.equal(tx.outputs[2]!.isFee, true);
  assert.equal(tx.outputs[2]!.value.amount, 10_000n);
  const j = jsonOf(['-create', 'outfee=0.0001']);
  const out = (j.get('vout') as JsonObject[])[0]!;
  assert.equal((out.get('scriptPubKey') as JsonObject).get('type'), 'fee');
  assert.equal(out.get('assetlabel'), 'CBT');
  assert.equal(tool(['-create', 'asset=NOPE']).stderr, 'error: Unknown label and invalid asset hex: NOPE\n');
  assert.equal(tool(['-create', 'outfee=x']).stderr, 'error: invalid TX output value\n');
});

test('chain options select prefixes and labels: rt-policy policy assets by label', () => {
  const sw = chainSwitches('rt-policy');
  const labels = dumpAssetLabels('rt-policy');
  const j = jsonOf([...sw, '-create', 'asset=FREEZELIST', 'outscript=1:1', 'asset=CBT', 'outscript=2:1']);
  const vout = j.get('vout') as JsonObject[];
  assert.equal(vout[0]!.get('asset'), labels['FREEZELIST']);
  assert.equal(vout[0]!.get('assetlabel'), 'FREEZELIST');
  assert.equal(vout[1]!.get('asset'), labels['CBT']);
  // -regtest alone: elementsregtest without policy assets
  assert.equal(tool(['-regtest', '-create', 'asset=FREEZELIST']).code, 1);
  // -assetdir labels
  const mine = 'cd'.repeat(32);
  const k = jsonOf([`-assetdir=${mine}:GOLD`, '-create', 'asset=GOLD', 'outscript=1:1']);
  assert.equal((k.get('vout') as JsonObject[])[0]!.get('assetlabel'), 'GOLD');
  assert.match(tool(['-assetdir=xx:GOLD', '-create']).stderr, /^Error: Error in -assetdir/);
});

test('a confidential address puts its blinding key into the output nonce', () => {
  const blind = K2.pub;
  const inner = new Uint8Array([chain.base58.blindedAddress, chain.base58.pubkeyAddress, ...blind, ...hash160(K1.pub)]);
  // Base58Check of the blinded address
  const addr = base58check(inner);
  const tx = run(['-create', `outaddr=0.5:${addr}`]);
  assert.equal(toHex(tx.outputs[0]!.nonce.data), toHex(blind));
  assert.equal(toHex(tx.outputs[0]!.scriptPubKey), `76a914${toHex(hash160(K1.pub))}88ac`);
  const bad = base58check(new Uint8Array([chain.base58.blindedAddress, chain.base58.pubkeyAddress, 2, ...new Uint8Array(32).fill(0xff), ...hash160(K1.pub)]));
  assert.equal(tool(['-create', `outaddr=1:${bad}`]).stderr, 'error: Invalid parameter: invalid confidentiality public key given\n');
});

function base58check(payload: Uint8Array): string {
  const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  const full = new Uint8Array([...payload, ...sha256(sha256(payload)).subarray(0, 4)]);
  let n = 0n;
  for (const b of full) n = n * 256n + BigInt(b);
  let s = '';
  while (n > 0n) {
    s = ALPHABET[Number(n % 58n)] + s;
    n /= 58n;
  }
  for (const b of full) {
    if (b !== 0) break;
    s = '1' + s;
  }
  return s;
}

interface Prev {
  txid: string;
  vout: number;
  scriptPubKey: string;
  redeemScript?: string;
  amount?: string;
}

function signArgs(keys: string[], prevs: Prev[], flags = 'ALL'): string[] {
  return [`set=privatekeys:${JSON.stringify(keys)}`, `set=prevtxs:${JSON.stringify(prevs)}`, `sign=${flags}`];
}

function verifyAll(tx: Transaction, prevs: Prev[], only?: number[]): void {
  tx.inputs.forEach((input, i) => {
    if (only && !only.includes(i)) return;
    const prev = prevs.find((p) => p.txid === toDisplayHex(input.prevout.txid) && p.vout === input.prevout.index)!;
    const amount = prev.amount ? BigInt(Math.round(Number(prev.amount) * 1e8)) : 0n;
    const r = verifyScript(
      input.scriptSig,
      fromHex(prev.scriptPubKey),
      tx.inWitness[i]!.scriptWitness,
      STANDARD_SCRIPT_VERIFY_FLAGS,
      new TransactionSignatureChecker(secp, tx, i, ConfidentialValue.fromAmount(amount)),
    );
    assert.deepEqual(r, { ok: true }, `input ${i}`);
  });
}

const p2pkh = (pub: Uint8Array) => `76a914${toHex(hash160(pub))}88ac`;
const multisig2of3 = `52${[K1, K2, K3].map((k) => '21' + toHex(k.pub)).join('')}53ae`;
const p2sh = (script: string) => `a914${toHex(hash160(fromHex(script)))}87`;
const p2wsh = (script: string) => `0020${toHex(sha256(fromHex(script)))}`;
const p2wpkh = (pub: Uint8Array) => `0014${toHex(hash160(pub))}`;

test('sign: P2PKH, P2PK, P2WPKH, P2SH-P2WPKH inputs with Ocean sighash (legacy and segwit v0)', () => {
  const prevs: Prev[] = [
    { txid: TXID, vout: 0, scriptPubKey: p2pkh(K1.pub) },
    { txid: TXID, vout: 1, scriptPubKey: `21${toHex(K2.pub)}ac` },
    { txid: TXID, vout: 2, scriptPubKey: p2wpkh(K3.pub), amount: '1.5' },
    { txid: TXID2, vout: 0, scriptPubKey: p2sh(p2wpkh(K1.pub)), redeemScript: p2wpkh(K1.pub), amount: '0.25' },
  ];
  const args = ['-create', ...prevs.map((p) => `in=${p.txid}:${p.vout}`), `outaddr=3:${p2pkhAddr(K2.pub)}`, ...signArgs([K1.wif, K2.wif, K3.wif], prevs)];
  const tx = run(args);
  verifyAll(tx, prevs);
  assert.equal(tx.inWitness[2]!.scriptWitness.length, 2);
  assert.equal(toHex(tx.inputs[3]!.scriptSig), `16${p2wpkh(K1.pub)}`);
  // deterministic (RFC 6979) and idempotent: signing again keeps the same signatures
  const again = run([toHex(tx.toBytes()), ...signArgs([K1.wif, K2.wif, K3.wif], prevs)]);
  assert.equal(toHex(again.toBytes()), toHex(tx.toBytes()));
});

test('sign: P2SH and P2WSH 2-of-3 multisig, signatures from two runs are combined', () => {
  const prevs: Prev[] = [
    { txid: TXID, vout: 0, scriptPubKey: p2sh(multisig2of3), redeemScript: multisig2of3 },
    { txid: TXID, vout: 1, scriptPubKey: p2wsh(multisig2of3), redeemScript: multisig2of3, amount: '2' },
    { txid: TXID, vout: 2, scriptPubKey: p2sh(p2wsh(multisig2of3)), redeemScript: p2wsh(multisig2of3), amount: '3' },
  ];
  const base = ['-create', ...prevs.map((p) => `in=${p.txid}:${p.vout}`), `outaddr=5:${p2pkhAddr(K1.pub)}`];
  // the P2SH-P2WSH input needs the witness script too (like the original, given as a second prevout entry)
  const prevsWithWitnessScript = [...prevs, { txid: TXID, vout: 2, scriptPubKey: p2sh(p2wsh(multisig2of3)), redeemScript: multisig2of3, amount: '3' }];
  const partial = run([...base, ...signArgs([K3.wif], prevsWithWitnessScript)]);
  // like the original, a partial P2SH multisig signature is not padded with OP_0 placeholders
  assert.match(scriptToAsm(partial.inputs[0]!.scriptSig, true), /^0 [0-9a-f]+\[ALL\] 52[0-9a-f]+$/);
  const full = run([toHex(partial.toBytes()), ...signArgs([K1.wif], prevsWithWitnessScript)]);
  verifyAll(full, prevs);
  const once = run([...base, ...signArgs([K1.wif, K3.wif], prevsWithWitnessScript)]);
  assert.equal(toHex(once.toBytes()), toHex(full.toBytes()), 'two partial runs = one run with both keys');
});

test('sign: sighash flags, SINGLE without a matching output, unsignable inputs left alone', () => {
  const prevs: Prev[] = [
    { txid: TXID, vout: 0, scriptPubKey: p2pkh(K1.pub) },
    { txid: TXID, vout: 1, scriptPubKey: p2pkh(K1.pub) },
  ];
  for (const [flags, byte] of [['ALL', '01'], ['NONE', '02'], ['SINGLE', '03'], ['ALL|ANYONECANPAY', '81'], ['NONE|ANYONECANPAY', '82'], ['SINGLE|ANYONECANPAY', '83']] as const) {
    const tx = run(['-create', `in=${TXID}:0`, `in=${TXID}:1`, `in=${TXID2}:0`, `outaddr=1:${p2pkhAddr(K1.pub)}`, ...signArgs([K1.wif], prevs, flags)]);
    const sig0 = scriptToAsm(tx.inputs[0]!.scriptSig, false).split(' ')[0]!;
    assert.ok(sig0.endsWith(byte), flags);
    if (flags.startsWith('SINGLE')) assert.equal(tx.inputs[1]!.scriptSig.length, 0, 'no output 1 → not signed');
    else verifyAll(tx, prevs, [0, 1]);
    assert.equal(tx.inputs[2]!.scriptSig.length, 0, 'unknown prevout → not signed');
  }
  assert.equal(tool(['-create', ...signArgs([K1.wif], prevs, 'BOGUS')]).stderr, 'error: unknown sighash flag/sign option\n');
});

test("sign: like bitcoin-tx 0.14's key store, uncompressed keys do not sign segwit inputs and scripts over 520 bytes are not kept", () => {
  const u = key(7);
  const uncompressedPub = secp.publicKeyCreate(u.priv, false);
  const uncompressedWif = encodeWif(u.priv, false, chain.base58);
  // 1-of-16 multisig of compressed keys: 3 + 16 * 34 = 547 bytes, a valid P2WSH witness script
  const keys16 = Array.from({ length: 16 }, (_, i) => key(i + 1));
  const big = `51${keys16.map((k) => '21' + toHex(k.pub)).join('')}60ae`;
  assert.ok(big.length / 2 > 520);
  const prevs: Prev[] = [
    { txid: TXID, vout: 0, scriptPubKey: p2wpkh(uncompressedPub), amount: '1' },
    { txid: TXID, vout: 1, scriptPubKey: p2pkh(uncompressedPub) },
    { txid: TXID, vout: 2, scriptPubKey: p2wsh(big), redeemScript: big, amount: '1' },
  ];
  const tx = run(['-create', ...prevs.map((p) => `in=${p.txid}:${p.vout}`), `outaddr=1:${p2pkhAddr(K1.pub)}`, ...signArgs([uncompressedWif, K1.wif], prevs)]);
  assert.equal(tx.inWitness[0]!.scriptWitness.length, 0, 'P2WPKH of an uncompressed key → not signed');
  verifyAll(tx, prevs, [1]); // the same key signs a legacy input
  assert.equal(tx.inWitness[2]!.scriptWitness.length, 0, 'witness script over 520 bytes not stored → not signed');
});

test('sign and register errors use the original texts', () => {
  const e = (args: string[]) => tool(['-create', ...args]).stderr;
  assert.equal(e(['sign=ALL']), 'error: privatekeys register variable must be set.\n');
  assert.equal(e(['set=privatekeys:[]', 'sign=ALL']), 'error: prevtxs register variable must be set.\n');
  assert.equal(e(['set=privatekeys:[1]', 'set=prevtxs:[]', 'sign=ALL']), 'error: privatekey not a std::string\n');
  assert.equal(e(['set=privatekeys:["5HpHagT65TZzG1PH3CSu63k8DbpvD8s5ip4nEB3kEsreAnchuDf"]', 'set=prevtxs:[]', 'sign=ALL']), 'error: privatekey not valid\n');
  assert.equal(e(['set=privatekeys:[]', 'set=prevtxs:[1]', 'sign=ALL']), 'error: expected prevtxs internal object\n');
  assert.equal(e(['set=privatekeys:[]', 'set=prevtxs:[{"txid":"00"}]', 'sign=ALL']), 'error: prevtxs internal object typecheck fail\n');
  assert.equal(e(['set=privatekeys:[]', 'set=prevtxs:[{"txid":"zz","vout":0,"scriptPubKey":"51"}]', 'sign=ALL']), "error: txid must be hexadecimal string (not 'zz')\n");
  assert.equal(e(['set=privatekeys:[]', `set=prevtxs:[{"txid":"${TXID}","vout":-1,"scriptPubKey":"51"}]`, 'sign=ALL']), 'error: vout must be positive\n');
  assert.equal(e(['set=privatekeys:[]', `set=prevtxs:[{"txid":"${TXID}","vout":0,"scriptPubKey":""}]`, 'sign=ALL']), "error: scriptPubKey must be hexadecimal string (not '')\n");
  assert.equal(
    e(['set=privatekeys:[]', `set=prevtxs:[{"txid":"${TXID}","vout":0,"scriptPubKey":"51"},{"txid":"${TXID}","vout":0,"scriptPubKey":"52"}]`, 'sign=ALL']),
    'error: Previous output scriptPubKey mismatch:\n1\nvs:\n2\n',
  );
  assert.equal(e(['set=privatekeys:[]', `set=prevtxs:[{"txid":"${TXID}","vout":0,"scriptPubKey":"51","amount":-1}]`, 'sign=ALL']), 'error: Amount out of range\n');
  assert.equal(e(['set=privatekeys:[]', `set=prevtxs:[{"txid":"${TXID}","vout":0,"scriptPubKey":"51","amount":"x"}]`, 'sign=ALL']), 'error: Invalid amount\n');
  assert.equal(e(['set=x']), 'error: Register input requires NAME:VALUE\n');
  assert.equal(e(['set=x:']), 'error: Register input requires NAME:VALUE\n');
  assert.equal(e(['set=x:{']), 'error: Cannot parse JSON for key x\n');
  assert.equal(e(['load=x']), 'error: Register load requires NAME:FILENAME\n');
  assert.equal(e(['load=x:/nonexistent/file.json']), 'error: Cannot open file /nonexistent/file.json\n');
  const viaLoad = tool(['-create', 'load=privatekeys:/k.json', 'load=prevtxs:/p.json', 'sign=ALL'], '', { '/k.json': '[]', '/p.json': '[]' });
  assert.equal(viaLoad.code, 0, viaLoad.stderr);
});

test('command errors use the original texts', () => {
  const e = (args: string[]) => tool(['-create', ...args]).stderr;
  assert.equal(e(['bogus=1']), 'error: unknown command\n');
  assert.equal(e(['nversion=3']), 'error: Invalid TX version requested\n');
  assert.equal(e(['nversion=0']), 'error: Invalid TX version requested\n');
  assert.equal(e(['locktime=-1']), 'error: Invalid TX locktime requested\n');
  assert.equal(e(['locktime=4294967296']), 'error: Invalid TX locktime requested\n');
  assert.equal(e(['in=00']), 'error: TX input missing separator\n');
  assert.equal(e(['in=00:0']), 'error: invalid TX input txid\n');
  assert.equal(e([`in=${TXID}:111112`]), 'error: invalid TX input vout\n');
  assert.equal(e([`in=${TXID}:-1`]), 'error: invalid TX input vout\n');
  assert.equal(e([`in=${TXID}:0:x`]), 'error: stoul\n');
  assert.equal(e(['delin=0']), "error: Invalid TX input index '0'\n");
  assert.equal(e(['delout=x']), "error: Invalid TX output index 'x'\n");
  assert.equal(e(['outaddr=1:notanaddress']), 'error: invalid TX output address\n');
  assert.equal(e(['outaddr=1.123456789:x']), 'error: invalid TX output value\n');
  assert.equal(e(['outpubkey=1:00']), 'error: invalid TX output pubkey\n');
  assert.equal(e([`outpubkey=1:04${'11'.repeat(64)}`]), 'error: invalid TX output pubkey\n');
  assert.equal(e(['outmultisig=1:2']), 'error: Not enough multisig parameters\n');
  assert.equal(e([`outmultisig=1:2:3:${toHex(K1.pub)}`]), 'error: incorrect number of multisig pubkeys\n');
  assert.equal(e([`outmultisig=1:2:1:${toHex(K1.pub)}`]), 'error: multisig parameter mismatch. Required 2 of 1signatures.\n');
  assert.equal(e([`outmultisig=1:1:1:${toHex(K1.pub)}:S:x`]), 'error: Too many parameters\n');
  const uncompressed = toHex(secp.publicKeyCreate(K1.priv, false));
  assert.equal(e([`outpubkey=1:${uncompressed}:W`]), 'error: Uncompressed pubkeys are not useable for SegWit outputs\n');
  assert.equal(e([`outmultisig=1:1:1:${uncompressed}:W`]), 'error: Uncompressed pubkeys are not useable for SegWit outputs\n');
  assert.equal(e(['outscript=1']), 'error: TX output missing separator\n');
  assert.equal(e(['outscript=1:NOTANOPCODE']), 'error: script parse error\n');
  assert.equal(e(['outdata=:00']), 'error: TX output value not specified\n');
  assert.equal(e([`outscript=0:0x${'00'.repeat(521)}:S`]), 'error: redeemScript exceeds size limit: 521 > 520\n');
  assert.equal(e([`outscript=0:0x${'00'.repeat(50001)}`]), 'error: script exceeds size limit: 50001 > 50000\n');
  // a multisig with 16 uncompressed keys is too big to wrap in P2SH
  const keys16 = Array.from({ length: 16 }, (_, i) => toHex(secp.publicKeyCreate(key(i + 1).priv, false))).join(':');
  assert.match(e([`outmultisig=1:1:16:${keys16}:S`]), /^error: redeemScript exceeds size limit: \d+ > 520\n$/);
});

test('option handling: unknown options, help, -json before -txid, -nojson, stdin, datadir files', () => {
  assert.equal(tool(['-bogus', '-create']).stderr, 'Error: Argument -bogus not recognised.\n');
  assert.equal(tool(['-bogus', '-create']).code, 1);
  const help = tool(['-help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Ocean ocean-tx utility version/);
  assert.match(help.stdout, /outfee=VALUE/);
  const none = tool([]);
  assert.equal(none.code, 1);
  assert.equal(none.stderr, 'Error: too few parameters\n');
  assert.equal(tool(['-testnet', '-create']).stderr, 'Error: Invalid option -testnet: try -chain=elementsregtest instead.\n');
  assert.match(tool(['-json', '-txid', '-create']).stdout, /^\{\n/);
  assert.match(tool(['-json', '-nojson', '-txid', '-create']).stdout, /^[0-9a-f]{64}\n$/);
  assert.equal(tool(['-create=0', '0200000000000000000000']).stdout, '0200000000000000000000\n');
  assert.equal(tool(['-']).stderr, 'error: invalid transaction encoding\n', 'empty stdin');
  assert.equal(tool(['-', 'nversion=1'], '0200000000000000000000 \n\t').stdout, '0100000000000000000000\n');
  assert.equal(tool(['-'], ' 0200000000000000000000').stderr, 'error: invalid transaction encoding\n', 'only trailing blanks are trimmed');
  assert.equal(tool(['0200000000000000000000ff']).stderr, 'error: invalid transaction encoding\n', 'trailing bytes');
  assert.equal(tool(['0200000000000000000000', '-x']).stderr, 'error: unknown command\n');
  // -datadir: the tool reads the chain's terms files from there (and the chain still works without them)
  const read: string[] = [];
  const r = tool(['-datadir=/dd', '-chain=mychain', '-create']);
  assert.equal(r.code, 0);
  const files = { '/dd/terms-and-conditions/mychain/latest.txt': 'terms\n' };
  const withFiles = (args: string[]) =>
    tool(args, '', new Proxy(files, { get: (t, p: string) => (read.push(p), (t as Record<string, string>)[p]) }));
  assert.equal(withFiles(['-datadir=/dd', '-chain=mychain', '-create']).code, 0);
  assert.ok(read.includes('/dd/terms-and-conditions/mychain/latest.txt'));
  assert.ok(read.includes('/dd/terms-and-conditions/mychain/old1.txt'));
});

test('outputs of every kind decode back to the scripts the command describes', () => {
  const pk = toHex(K1.pub);
  const tx = run([
    '-create',
    `outpubkey=1:${pk}`,
    `outpubkey=1:${pk}:W`,
    `outpubkey=1:${pk}:WS`,
    `outpubkey=1:${pk}:S`,
    `outmultisig=1:2:3:${toHex(K1.pub)}:${toHex(K2.pub)}:${toHex(K3.pub)}:WS`,
    'outscript=1:OP_DROP:W',
    'outdata=deadbeef',
  ]);
  const spk = tx.outputs.map((o) => toHex(o.scriptPubKey));
  assert.deepEqual(spk, [
    `21${pk}ac`,
    p2wpkh(K1.pub),
    p2sh(p2wpkh(K1.pub)),
    p2sh(`21${pk}ac`),
    p2sh(p2wsh(multisig2of3)),
    p2wsh('75'),
    '6a04deadbeef',
  ]);
  assert.equal(tx.outputs[6]!.value.amount, 0n);
});
