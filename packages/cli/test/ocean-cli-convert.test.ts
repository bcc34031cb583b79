/** ocean-cli argument conversion: the vRPCConvertParams table, JSON parsing, -named. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeJson } from '@ocean-ts/core';
import { RPC_CONVERT_PARAMS, RpcConvertTable } from '../src/ocean-cli/convert-table.js';
import { convertNamed, convertPositional, parseNonRfcJsonValue } from '../src/ocean-cli/convert-args.js';
import { CliError } from '../src/ocean-cli/cli-error.js';
import { readShared } from './support/shared.js';

const pos = (method: string, ...args: string[]) => writeJson(convertPositional(method, args));
const named = (method: string, ...args: string[]) => writeJson(convertNamed(method, args));

test('the table is exactly the list of rpc spec §1.2 (every method and position)', () => {
  const spec = readShared('spec', 'ocean-rpc.md');
  const section = spec.slice(spec.indexOf('### 1.2'), spec.indexOf('## 2. Method tables'));
  const listed = section.slice(section.indexOf('`recoverkyckeys 0`'), section.indexOf('(Some entries'));
  const expected = new Set<string>();
  for (const m of listed.matchAll(/`([a-z]+) ([0-9.,]+)`/g)) {
    const [, method, positions] = m;
    const range = /^(\d+)\.\.(\d+)$/.exec(positions!);
    const list = range ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i) : positions!.split(',').map(Number);
    for (const p of list) expected.add(`${method} ${p}`);
  }
  assert.ok(expected.size > 150, `parsed ${expected.size} entries from the spec`);
  const actual = new Set(RPC_CONVERT_PARAMS.map(([m, i]) => `${m} ${i}`));
  assert.equal(actual.size, RPC_CONVERT_PARAMS.length, 'no duplicate (method, position)');
  assert.deepEqual([...actual].sort(), [...expected].sort());
  // names are unique per method too
  const names = new Set(RPC_CONVERT_PARAMS.map(([m, , n]) => `${m} ${n}`));
  assert.equal(names.size, RPC_CONVERT_PARAMS.length);
});

test('parseNonRfcJsonValue: any JSON value, exact number text; bitcoin-cli error text', () => {
  assert.equal(writeJson(parseNonRfcJsonValue('5')), '5');
  assert.equal(writeJson(parseNonRfcJsonValue('1.50000000')), '1.50000000');
  assert.equal(writeJson(parseNonRfcJsonValue('-0.00000001')), '-0.00000001');
  assert.equal(writeJson(parseNonRfcJsonValue('1e3')), '1e3');
  assert.equal(parseNonRfcJsonValue('true'), true);
  assert.equal(parseNonRfcJsonValue(' false '), false);
  assert.equal(parseNonRfcJsonValue('null'), null);
  assert.equal(parseNonRfcJsonValue('"quoted"'), 'quoted');
  assert.equal(writeJson(parseNonRfcJsonValue('{"b":1,"a":[1,{"x":null}]}')), '{"b":1,"a":[1,{"x":null}]}');
  for (const bad of ['abc', '', '1,2', '{', '[1', 'True', '01', '1.', '.5', "'s'", '{"a":1}x', ']']) {
    assert.throws(
      () => parseNonRfcJsonValue(bad),
      (e: unknown) => e instanceof CliError && e.message === `Error parsing JSON:${bad}`,
      bad,
    );
  }
});

test('positional conversion: Bitcoin methods', () => {
  assert.equal(pos('getblockhash', '5'), '[5]');
  assert.equal(pos('getblock', 'ab', '2'), '["ab",2]');
  assert.equal(pos('getblock', 'ab', 'true'), '["ab",true]');
  assert.equal(pos('getblockheader', 'ab', 'false'), '["ab",false]');
  assert.equal(pos('generate', '101', '5'), '[101,5]');
  assert.equal(pos('getbalance', '*', '1', 'true', 'CBT'), '["*",1,true,"CBT"]');
  assert.equal(pos('listunspent', '0', '9999999', '["2dx"]', 'false', 'CBT'), '[0,9999999,["2dx"],false,"CBT"]');
  assert.equal(
    pos('createrawtransaction', '[{"txid":"aa","vout":0}]', '{"2dx":1.5,"fee":0.0001}', '0', '{"2dx":"CBT"}'),
    '[[{"txid":"aa","vout":0}],{"2dx":1.5,"fee":0.0001},0,{"2dx":"CBT"}]',
  );
  assert.equal(pos('sendtoaddress', '2dx', '1.5', 'c', 'to', 'true', 'CBT', 'false'), '["2dx",1.5,"c","to",true,"CBT",false]');
  assert.equal(pos('sendmany', '', '{"2dx":1}', '1', 'c', '["2dx"]', '{"2dx":"CBT"}', 'true'), '["",{"2dx":1},1,"c",["2dx"],{"2dx":"CBT"},"true"]');
  assert.equal(pos('signrawtransaction', 'hex', '[]', '["wif"]', 'ALL'), '["hex",[],["wif"],"ALL"]');
  assert.equal(pos('sendrawtransaction', 'hex', 'true', 'false'), '["hex",true,false]');
  assert.equal(pos('gettxout', 'txid', '1', 'false'), '["txid",1,false]');
  assert.equal(pos('getrawtransaction', 'txid', '1'), '["txid",1]');
  assert.equal(pos('getrawmempool', 'true'), '[true]');
  assert.equal(pos('setban', '1.2.3.4', 'add', '86400', 'true'), '["1.2.3.4","add",86400,true]');
  assert.equal(pos('waitforblockheight', '10', '1000'), '[10,1000]');
  assert.equal(pos('setmocktime', '1514851200'), '[1514851200]');
  assert.equal(pos('importmulti', '[{"scriptPubKey":{"address":"2dx"}}]', '{"rescan":false}'), '[[{"scriptPubKey":{"address":"2dx"}}],{"rescan":false}]');
  assert.equal(pos('getblockstats', '100', '["height","txs"]'), '[100,["height","txs"]]');
  assert.equal(pos('prioritisetransaction', 'txid', '0.0', '10000'), '["txid",0.0,10000]');
  // methods not in the table, or positions not listed, stay strings
  assert.equal(pos('echo', '1', 'true', '{"a":1}'), '["1","true","{\\"a\\":1}"]');
  assert.equal(pos('getblockcount'), '[]');
  assert.equal(pos('validateaddress', '5'), '["5"]');
  assert.equal(pos('getblockhash', '5', '6'), '[5,"6"]');
  assert.equal(pos('help', 'getblock'), '["getblock"]');
});

test('positional conversion: Ocean and Elements methods', () => {
  assert.equal(pos('getcontracthash', '3'), '[3]');
  assert.equal(pos('getmappinghash', '0'), '[0]');
  assert.equal(pos('getrequests', '', 'true'), '["",true]');
  assert.equal(pos('getrequests', 'abcd', '1'), '["abcd",1]');
  assert.equal(pos('topupkycpubkeys', '10'), '[10]');
  assert.equal(pos('whitelistkycpubkeys', '["02aa","03bb"]'), '[["02aa","03bb"]]');
  assert.equal(pos('recoverkyckeys', '100'), '[100]');
  assert.equal(pos('recoverencryptionkey', '02aa', '50'), '["02aa",50]');
  assert.equal(pos('onboarduser', 'kyc.dat', '1'), '["kyc.dat",1]');
  assert.equal(pos('validatekycfile', 'kyc.dat', 'true'), '["kyc.dat",true]');
  assert.equal(
    pos('createkycfile', '', '[{"address":"2dx","pubkey":"02aa"}]', '[{"nmultisig":1,"pubkeys":["02aa"]}]', '03bb'),
    '["",[{"address":"2dx","pubkey":"02aa"}],[{"nmultisig":1,"pubkeys":["02aa"]}],"03bb"]',
  );
  assert.equal(pos('addmultitowhitelist', '2dx', '["02aa","03bb"]', '2', '02cc'), '["2dx",["02aa","03bb"],2,"02cc"]');
  assert.equal(pos('addtowhitelist', '2dx', '02aa'), '["2dx","02aa"]');
  assert.equal(pos('sendaddtowhitelisttx', '3', 'CBT'), '[3,"CBT"]');
  assert.equal(pos('sendaddmultitowhitelisttx', '2dx', '["02aa"]', '1', 'CBT'), '["2dx",["02aa"],1,"CBT"]');
  assert.equal(pos('combineblocksigs', 'hex', '["sig1","sig2"]'), '["hex",["sig1","sig2"]]');
  assert.equal(pos('testproposedblock', 'hex', 'true'), '["hex",true]');
  assert.equal(pos('getnewblockhex', '0'), '[0]');
  assert.equal(pos('issueasset', '10', '1', 'false'), '[10,1,false]');
  assert.equal(pos('reissueasset', 'asset', '5.5'), '["asset",5.5]');
  assert.equal(pos('destroyamount', 'CBT', '1.5', 'burn'), '["CBT",1.5,"burn"]');
  assert.equal(pos('dumpissuanceblindingkey', 'txid', '0'), '["txid",0]');
  assert.equal(pos('importissuanceblindingkey', 'txid', '0', 'key'), '["txid",0,"key"]');
  assert.equal(
    pos('rawblindrawtransaction', 'hex', '["b"]', '[1]', '["a"]', '["ab"]', 'tb', 'true'),
    '["hex",["b"],[1],["a"],["ab"],"tb",true]',
  );
  assert.equal(pos('blindrawtransaction', 'hex', 'false', '["c"]', 'tb'), '["hex",false,["c"],"tb"]');
  assert.equal(pos('createrawtxoutputs', '[]', '[{"address":"2dx","amount":1,"asset":"CBT"}]', '0'), '[[],[{"address":"2dx","amount":1,"asset":"CBT"}],0]');
  assert.equal(pos('createrawpolicytx', '[]', '[{"pubkey":"02aa","value":1}]', '0', 'asset'), '[[],[{"pubkey":"02aa","value":1}],0,"asset"]');
  assert.equal(pos('createrawrequesttx', '{"txid":"aa","vout":0}', '{"decayConst":10}'), '[{"txid":"aa","vout":0},{"decayConst":10}]');
  assert.equal(pos('createrawbidtx', '[{"txid":"aa","vout":0}]', '{"feePubkey":"02aa"}'), '[[{"txid":"aa","vout":0}],{"feePubkey":"02aa"}]');
  assert.equal(
    pos('sendanytoaddress', '2dx', '2.5', 'c', 'to', 'true', 'false', '2', 'meta', '2dy'),
    '["2dx",2.5,"c","to",true,false,2,"meta","2dy"]',
  );
  assert.equal(pos('createanytoaddress', '2dx', '2.5', 'true', 'false', '1', 'true', 'meta'), '["2dx",2.5,true,false,1,true,"meta"]');
  assert.equal(pos('sendtomainchain', 'addr', '1', 'true'), '["addr","1",true]');
  assert.equal(pos('echojson', ...Array.from({ length: 11 }, (_, i) => String(i))), '[0,1,2,3,4,5,6,7,8,9,"10"]');
});

test('-named conversion: names from the server tables, strings otherwise, order and repeats kept', () => {
  assert.equal(named('getblockhash', 'height=5'), '{"height":5}');
  assert.equal(named('getblock', 'blockhash=ab', 'verbosity=0'), '{"blockhash":"ab","verbosity":0}');
  assert.equal(named('sendtoaddress', 'address=2dx', 'amount=0.1', 'comment=1', 'subtractfeefromamount=true'), '{"address":"2dx","amount":0.1,"comment":"1","subtractfeefromamount":true}');
  assert.equal(named('addmultitowhitelist', 'tweakedaddress=2dx', 'basepubkeys=["02aa"]', 'nmultisig=1'), '{"tweakedaddress":"2dx","basepubkeys":["02aa"],"nmultisig":1}');
  assert.equal(named('getrequests', 'genesis_hash=', 'inAuction=false'), '{"genesis_hash":"","inAuction":false}');
  assert.equal(named('echojson', 'arg0=5', 'arg9=[1]', 'other=5'), '{"arg0":5,"arg9":[1],"other":"5"}');
  assert.equal(named('echo', 'a=1', 'a=2', 'b=x=y'), '{"a":"1","a":"2","b":"x=y"}');
  assert.equal(named('getblockcount'), '{}');
  assert.throws(() => convertNamed('getblockhash', ['height=']), { message: 'Error parsing JSON:' });
  assert.throws(
    () => convertNamed('getblockhash', ['5']),
    (e: unknown) =>
      e instanceof CliError && e.message === "No '=' in named argument '5', this needs to be present for every argument (even if it is empty)",
  );
});

test('RpcConvertTable can be built from another list', () => {
  const t = new RpcConvertTable([['m', 1, 'n']]);
  assert.ok(t.convertsIndex('m', 1) && !t.convertsIndex('m', 0) && t.convertsName('m', 'n') && !t.convertsName('x', 'n'));
  assert.equal(writeJson(convertPositional('m', ['1', '2'], t)), '["1",2]');
});
