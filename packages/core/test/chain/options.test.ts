import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChainParams } from '../../src/chain/chain-params.js';
import { defaultChainOptions, parseChainOptions } from '../../src/chain/chain-options.js';
import { selectChainName, chainParamsClass } from '../../src/chain/chain-selection.js';
import { ChainParamsError } from '../../src/chain/errors.js';
import { OptionValues } from '../../src/chain/option-values.js';
import { atoi64, interpretBool } from '../../src/chain/option-parsing.js';
import { fromHex, toDisplayHex, toHex } from '../../src/encoding/hex.js';
import { OutPoint } from '../../src/primitives/outpoint.js';
import type { ConsensusRules } from '../../src/consensus/consensus-rules.js';

const throwsParams = (fn: () => unknown, message: string | RegExp) =>
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ChainParamsError, `expected ChainParamsError, got ${String(e)}`);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });

test('chain selection: -regtest wins, -testnet is refused, default ocean_test', () => {
  assert.equal(selectChainName({}), 'ocean_test');
  assert.equal(selectChainName({ chain: 'gold_main' }), 'gold_main');
  assert.equal(selectChainName({ chain: 'ocean_main', regtest: '1' }), 'elementsregtest');
  assert.equal(selectChainName({ chain: 'ocean_main', regtest: '' }), 'elementsregtest');
  assert.equal(selectChainName({ chain: 'ocean_main', regtest: '0' }), 'ocean_main');
  assert.equal(selectChainName({ chain: 'my_side_chain' }), 'my_side_chain');
  assert.equal(selectChainName({ testnet: '0' }), 'ocean_test');
  throwsParams(() => selectChainName({ testnet: '1' }), 'Invalid option -testnet: try -chain=elementsregtest instead.');
  throwsParams(() => selectChainName({ testnet: '', regtest: '1' }), 'Invalid option -testnet: try -chain=elementsregtest instead.');
  throwsParams(() => selectChainName({ chain: '' }), /-chain/);
  assert.equal(chainParamsClass('ocean_main'), 'main');
  assert.equal(chainParamsClass('gold_main'), 'gold');
  assert.equal(chainParamsClass('ocean_test'), 'custom');
  assert.equal(chainParamsClass('elementsregtest'), 'custom');
  assert.equal(chainParamsClass('asset_main'), 'custom');
});

test('OptionValues: command line over config file, multi-valued options accumulate', () => {
  const v = OptionValues.fromSources(
    ['-regtest=0', '--chain=ocean_test', '-contractchange=5', '-keypool=1', '-keypool=100', '-nofreezelist', '-txindex=1 -initialfreecoins=5', 'stray', '-after=1'],
    ['# comment', '', 'regtest=1', 'chain = gold_main ', 'contractchange=9  # inline comment', 'initialfreecoins=7', 'initialfreecoins=8', '[section]', 'x=1'],
  );
  assert.equal(v.get('regtest'), '0');
  assert.equal(v.get('chain'), 'ocean_test');
  assert.equal(v.get('keypool'), '100');
  assert.deepEqual(v.getAll('keypool'), ['1', '100']);
  assert.deepEqual(v.getAll('contractchange'), ['5', '9']);
  assert.equal(v.get('initialfreecoins'), '7'); // first config occurrence
  assert.deepEqual(v.getAll('initialfreecoins'), ['7', '8']);
  assert.equal(v.get('freezelist'), '0');
  assert.equal(v.get('txindex'), '1 -initialfreecoins=5');
  assert.equal(interpretBool(v.get('txindex')!), true);
  assert.equal(v.has('after'), false); // parsing stops at the first non-option
  assert.equal(v.get('section.x'), '1');
  assert.equal(selectChainName(v), 'ocean_test');
  throwsParams(() => OptionValues.fromSources([], ['novalue']), /configuration file/);
  const m = OptionValues.from(new Map<string, string[] | string>([['contractchange', ['1', '2']], ['-chain', 'x']]));
  assert.equal(m.get('contractchange'), '2');
  assert.deepEqual(m.getAll('contractchange'), ['1', '2']);
  assert.equal(m.get('chain'), 'x');
});

test('atoi64 and InterpretBool semantics', () => {
  assert.equal(atoi64('2100000000000000'), 2100000000000000n);
  assert.equal(atoi64('  42abc'), 42n);
  assert.equal(atoi64('abc'), 0n);
  assert.equal(atoi64(''), 0n);
  assert.equal(atoi64('-5'), -5n);
  assert.equal(atoi64('99999999999999999999999'), (1n << 63n) - 1n);
  assert.equal(interpretBool(''), true);
  assert.equal(interpretBool('0'), false);
  assert.equal(interpretBool('1 -x=5'), true);
  assert.equal(interpretBool('no'), false);
});

test('defaults of every chain option', () => {
  const o = defaultChainOptions();
  assert.equal(o.chain, 'ocean_test');
  assert.equal(toHex(o.signBlockScript), '51');
  assert.equal(toHex(o.fedpegScript), '51');
  assert.equal(toHex(o.parentContract), '9125b0bcb4998c97918c2fe22e0769c8e1976c07');
  assert.equal(toHex(o.fedpegAddress), '00'.repeat(20));
  assert.equal(toDisplayHex(o.parentGenesisBlockHash), 'd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3');
  assert.equal(o.genesisTimestamp, 1514764800);
  assert.equal(o.initialFreeCoins, 0n);
  assert.equal(toHex(o.initialFreeCoinsDestination), '51');
  assert.equal(o.policyCoins, 0n);
  assert.deepEqual(Object.values(o.policyDestinations), [undefined, undefined, undefined, undefined, undefined, undefined]);
  assert.equal(o.issueControlScript.length, 0);
  assert.equal(toHex(o.attestationHash), '00'.repeat(32));
  assert.equal(o.embedContract, true);
  assert.equal(o.embedMapping, true);
  assert.equal(o.mandatoryCoinbase.length, 0);
  assert.equal(o.peginConfirmationDepth, 8);
  assert.equal(o.validatePegin, false);
  assert.equal(o.contractInTx, false);
  assert.equal(o.feeAsset, undefined);
  assert.deepEqual(o.contractChanges, []);
  assert.equal(defaultChainOptions('elementsregtest').chain, 'elementsregtest');
});

test('hex options: raw scripts, reversed uint160/uint256, fedpeg address as given, empty = default', () => {
  const o = parseChainOptions({
    signblockscript: '5221AB',
    parentcontract: '0x00000000000000000000000000000000000000Ff',
    parentgenesisblockhash: 'abc',
    fedpegaddress: '50ebe4c7c0a5994fa13b976eaf1d302a99cfdb8d',
    attestationhash: '',
    initialfreecoinsdestination: '',
    initialfreecoins: '1 -policycoins=5',
    policycoins: 'junk',
    genesistimestamp: '1600000000',
    freezelistcoinsdestination: '51',
    burnlistcoinsdestination: '',
  });
  assert.equal(toHex(o.signBlockScript), '5221ab');
  assert.equal(toHex(o.parentContract), 'ff' + '00'.repeat(19));
  assert.equal(toDisplayHex(o.parentGenesisBlockHash), '0'.repeat(61) + 'abc');
  assert.equal(toHex(o.fedpegAddress), '50ebe4c7c0a5994fa13b976eaf1d302a99cfdb8d');
  assert.equal(toHex(o.attestationHash), '00'.repeat(32));
  assert.equal(toHex(o.initialFreeCoinsDestination), '51');
  assert.equal(o.initialFreeCoins, 1n);
  assert.equal(o.policyCoins, 0n);
  assert.equal(o.genesisTimestamp, 1600000000);
  assert.equal(toHex(o.policyDestinations.freezelist!), '51');
  assert.equal(o.policyDestinations.burnlist, undefined);
});

test('malformed values raise ChainParamsError', () => {
  throwsParams(() => parseChainOptions({ signblockscript: '512' }), /-signblockscript/);
  throwsParams(() => parseChainOptions({ fedpegscript: 'zz' }), /-fedpegscript/);
  throwsParams(() => parseChainOptions({ fedpegaddress: '1234' }), /-fedpegaddress/);
  throwsParams(() => parseChainOptions({ parentgenesisblockhash: 'xyz' }), /-parentgenesisblockhash/);
  throwsParams(() => parseChainOptions({ parentcontract: '11'.repeat(21) }), /-parentcontract/);
  throwsParams(() => parseChainOptions({ attestationhash: '00'.repeat(33) }), /-attestationhash/);
  throwsParams(() => parseChainOptions({ initialfreecoins: '-1' }), /-initialfreecoins/);
  throwsParams(() => parseChainOptions({ genesistimestamp: '4294967296' }), /-genesistimestamp/);
  throwsParams(() => parseChainOptions({ signblockscriptchange: '51' }), '-signblockscriptchange parameters malformed, expecting script:height');
  throwsParams(() => parseChainOptions({ coinbasechange: '51:x' }), /-coinbasechange/);
  throwsParams(() => parseChainOptions({ freezelistassetchange: 'zz:5' }), /-freezelistassetchange/);
  throwsParams(() => parseChainOptions({ disabledoutput: 'ab:1' }), /-disabledoutput/);
  throwsParams(() => parseChainOptions({ contractchange: 'soon' }), /-contractchange/);
  throwsParams(() => parseChainOptions({ con_nminerconfirmationwindow: '0' }), /-con_nminerconfirmationwindow/);
  throwsParams(() => parseChainOptions({ bip9params: 'testdummy:0' }), 'BIP9 parameters malformed, expecting deployment:start:end');
  throwsParams(() => parseChainOptions({ bip9params: 'testdummy:x:1' }), 'Invalid nStartTime (x)');
  throwsParams(() => parseChainOptions({ bip9params: 'testdummy:1: 2' }), 'Invalid nTimeout ( 2)');
  throwsParams(() => parseChainOptions({ bip9params: 'bogus:1:2' }), 'Invalid deployment (bogus)');
  throwsParams(() => parseChainOptions({ assetdir: 'nolabel' }), 'Error in -assetdir: -assetdir parameters malformed, expecting asset:label');
  throwsParams(() => parseChainOptions({ assetdir: 'abcd:GOLD' }), 'Error in -assetdir: The asset must be hex string of length 64');
});

test('schedules: signblockscriptchange, coinbasechange, disabled outputs, bip9params, -con_* overrides', () => {
  const p = ChainParams.fromOptionValues({
    regtest: '1',
    signblockscript: '52',
    signblockscriptchange: ['53:20', '54:10', '55:20'],
    coinbasechange: ['76a914' + '11'.repeat(20) + '88ac:5'],
    disabledoutput: ['0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20:3'],
    bip9params: ['segwit:5:0', 'testdummy:10:20'],
    con_nminerconfirmationwindow: '10',
    con_nrulechangeactivationthreshold: '8',
    con_bip34height: '7',
    con_npowtargetspacing: '60',
    ndefaultport: '9000',
    peginconfirmationdepth: '3',
  });
  const c = p.consensus;
  const rules: ConsensusRules = c; // what consensus/ reads
  assert.equal(rules.genesisHash, p.genesisHash);
  const parent = fromHex('99');
  assert.equal(toHex(c.challengeAt(9, parent)), '99');
  assert.equal(toHex(c.challengeAt(10, parent)), '54');
  assert.equal(toHex(c.challengeAt(19, parent)), '54');
  assert.equal(toHex(c.challengeAt(20, parent)), '55'); // repeated height: last one given wins
  assert.equal(toHex(c.challengeAt(1000, parent)), '55');
  // -coinbasechange alone does not make a destination mandatory
  assert.equal(c.mandatoryCoinbaseAt(10).length, 0);
  const q = ChainParams.fromOptionValues({ regtest: '1', con_mandatorycoinbase: '51', coinbasechange: '52:5' });
  assert.equal(toHex(q.consensus.mandatoryCoinbaseAt(4)), '51');
  assert.equal(toHex(q.consensus.mandatoryCoinbaseAt(5)), '52');
  const disabled = new OutPoint(fromHex('201f1e1d1c1b1a191817161514131211100f0e0d0c0b0a090807060504030201'), 3);
  assert.equal(c.isDisabledOutput(disabled), true);
  assert.equal(c.isDisabledOutput(new OutPoint(disabled.txid, 2)), false);
  assert.deepEqual(c.deployments.segwit, { bit: 1, startTime: 5n, timeout: 0n, alwaysActive: true });
  assert.deepEqual(c.deployments.testdummy, { bit: 28, startTime: 10n, timeout: 20n, alwaysActive: false });
  assert.equal(c.minerConfirmationWindow, 10);
  assert.equal(c.ruleChangeActivationThreshold, 8);
  assert.equal(c.bip34Height, 7);
  assert.equal(c.powTargetSpacing, 60n);
  assert.equal(c.difficultyAdjustmentInterval, 20160n);
  assert.equal(c.peginConfirmationDepth, 3);
  assert.equal(p.network.defaultPort, 9000);
});

test('per-class network, address and consensus parameters', () => {
  const custom = ChainParams.fromOptionValues({});
  const main = ChainParams.fromOptionValues({ chain: 'ocean_main', con_nminerconfirmationwindow: '10' });
  const gold = ChainParams.fromOptionValues({ chain: 'gold_main' });
  for (const p of [custom, main, gold]) {
    assert.equal(toHex(p.network.messageStart), 'fabfb5da');
    assert.equal(p.network.defaultPort, 7042);
    assert.equal(p.network.mainchainRpcPort, 18332);
    assert.equal(p.network.mineBlocksOnDemand, true);
    assert.equal(p.network.requireStandard, false);
    assert.equal(p.network.pruneAfterHeight, 1000);
    assert.equal(p.dataDirName, p.name);
    assert.equal(p.consensus.coinbaseMaturity, 2);
    assert.equal(p.consensus.maxBlockWeight, 4_000_000);
    assert.equal(p.consensus.maxBlockSigopsCost, 80_000);
    assert.equal(p.consensus.subsidyHalvingInterval, 150);
    assert.equal(p.consensus.bip34Height, 100_000_000);
    assert.equal(p.consensus.bip65Height, 1351);
    assert.equal(p.consensus.bip66Height, 1251);
    assert.equal(p.consensus.powTargetTimespan, 1_209_600n);
    assert.equal(toDisplayHex(p.consensus.powLimit), '7f' + 'ff'.repeat(31));
    assert.equal(p.consensus.deployments.csv.alwaysActive, true);
    assert.equal(p.consensus.deployments.segwit.alwaysActive, true);
    assert.equal(p.checkpoints.get(0), p.genesisHash);
  }
  assert.deepEqual([custom.network.rpcPort, main.network.rpcPort, gold.network.rpcPort], [7041, 8332, 8443]);
  assert.deepEqual(
    [custom, main, gold].map((p) => [p.base58.pubkeyAddress, p.base58.scriptAddress, p.base58.blindedAddress, p.base58.extendedAddress, p.base58.secretKey, p.base58.parentPubkeyAddress, p.base58.parentScriptAddress, toHex(p.base58.extPublicKey), toHex(p.base58.extSecretKey)]),
    [
      [235, 75, 4, 5, 239, 111, 196, '043587cf', '04358394'],
      [28, 87, 11, 12, 128, 0, 5, '0488b21e', '0488ade4'],
      [38, 97, 13, 14, 180, 111, 196, '043587cf', '04358394'],
    ],
  );
  assert.deepEqual([custom.consensus.minerConfirmationWindow, custom.consensus.ruleChangeActivationThreshold], [144, 108]);
  assert.deepEqual([gold.consensus.minerConfirmationWindow, gold.consensus.ruleChangeActivationThreshold], [144, 108]);
  assert.deepEqual([main.consensus.minerConfirmationWindow, main.consensus.ruleChangeActivationThreshold], [2016, 1916]);
  assert.deepEqual([main.consensus.deployments.testdummy.startTime, main.consensus.deployments.testdummy.timeout], [1199145601n, 1230767999n]);
  assert.deepEqual([custom.consensus.deployments.testdummy.startTime, custom.consensus.deployments.testdummy.timeout], [0n, 999999999999n]);
});

test('policy asset change schedules (with the burnlist quirk) and runtime policy assets', () => {
  const a = '11'.repeat(32);
  const b = '22'.repeat(32);
  const p = ChainParams.fromOptionValues({
    regtest: '1',
    freezelistassetchange: `${a}:10`,
    burnlistassetchange: `${b}:20`,
    whitelistassetchange: `${a}:5`,
  });
  assert.equal(p.policyAssetChangeAt('freezelist', 9), undefined);
  assert.equal(toDisplayHex(p.policyAssetChangeAt('freezelist', 10)!), a);
  assert.equal(toDisplayHex(p.policyAssetChangeAt('freezelist', 25)!), b);
  assert.equal(p.policyAssetChangeAt('burnlist', 25), undefined);
  assert.equal(toDisplayHex(p.policyAssetChangeAt('whitelist', 5)!), a);
  assert.equal(p.policyAssetChangeAt('challenge', 1000), undefined);
});

test('fee asset and key tweak hash', () => {
  const terms = { latest: 'L\n', old: ['O\n'] };
  const p = ChainParams.fromOptionValues({}, { terms });
  assert.equal(toHex(p.feeAsset), toHex(p.peggedAsset));
  assert.equal(toHex(p.keyTweakHash), toHex(p.contractHashAt(0)));
  assert.equal(toHex(ChainParams.fromOptionValues({ contractintx: '1' }, { terms }).keyTweakHash), '00'.repeat(32));
  assert.equal(toHex(ChainParams.fromOptionValues({ embedcontract: '0' }, { terms }).keyTweakHash), '00'.repeat(32));
  assert.equal(toHex(ChainParams.fromOptionValues({}).keyTweakHash), '00'.repeat(32));
  const fee = ChainParams.fromOptionValues({ feeasset: 'ab'.repeat(32) });
  assert.equal(toDisplayHex(fee.feeAsset), 'ab'.repeat(32));
});
