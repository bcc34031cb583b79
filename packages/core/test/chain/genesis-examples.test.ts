import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChainParams } from '../../src/chain/chain-params.js';
import { parseChainOptions } from '../../src/chain/chain-options.js';
import { buildGenesis, genesisCommitment, isSpendableGenesisDestination } from '../../src/chain/genesis.js';
import { fromHex, toDisplayHex, toHex } from '../../src/encoding/hex.js';
import { Block } from '../../src/primitives/block.js';
import { exampleHexBlock } from '../support/vectors.js';

const FT_TERMS = {
  latest: 'These are the terms and conditions\nApprove to use the CBT network\n',
  old: ['These are the old terms and conditions\nApprove to use the CBT network\n'],
};
const CBT_REGTEST = 'a156c97b3f022ad204f677df9eba726bc407fd5ec2f674e3ace8abec3e41f38a';

test('examples §1: functional-test genesis, byte for byte', () => {
  const params = ChainParams.fromOptionValues({ regtest: '1', initialfreecoins: '2100000000000000' });
  assert.equal(params.name, 'elementsregtest');
  const g = params.genesis;
  const expectedHex = exampleHexBlock('Complete genesis block, network serialization');
  const bytes = g.block.toBytes();
  assert.equal(bytes.length, 4940);
  assert.equal(toHex(bytes), expectedHex);
  assert.equal(toHex(g.commitment), 'c24709834d3f02a584f47490b55338fb1467a3b7946d0974b90f1db26b6baab3');
  const [tx0, tx1] = g.block.transactions;
  assert.equal(toHex(tx0!.inputs[0]!.scriptSig), '20c24709834d3f02a584f47490b55338fb1467a3b7946d0974b90f1db26b6baab3');
  assert.equal(toDisplayHex(g.peggedAsset), CBT_REGTEST);
  assert.equal(toHex(g.peggedAsset), '8af3413eecabe8ace374f6c25efd07c46b72ba9edf77f604d22a023f7bc956a1');
  assert.equal(tx0!.txidHex, '3a507fff1b4951f8bee049d51f423a16f47537244abeebfee7940b662592e402');
  assert.equal(tx1!.txidHex, 'c858de347d97bd78cfa328acb750061e6a855c6c32fec22d7f6fa5599a15f972');
  assert.equal(tx0!.size, 130);
  assert.equal(tx1!.size, 4634);
  assert.equal(toDisplayHex(g.block.header.merkleRoot), 'ba316e572b4af299f15360ef924d33df15f6bb94331e7286fed3977154949b8e');
  assert.equal(toDisplayHex(g.hash), 'ca305bc18ecdaa031b5654828e9c6b8e5a1bb00db6a6092203721efe68b83d6b');
  assert.equal(toDisplayHex(params.genesisHash), 'ca305bc18ecdaa031b5654828e9c6b8e5a1bb00db6a6092203721efe68b83d6b');
  assert.equal(
    toHex(g.block.header.toBytes(false)),
    '01000000' +
      '00'.repeat(32) +
      '8e9b94547197d3fe86721e3394bbf615df334d92ef6053f199f24a2b576e31ba' +
      '00'.repeat(96) +
      '007a495a' +
      '00000000' +
      '0151',
  );
  // the block decodes back to the same thing
  assert.equal(toHex(Block.decode(bytes).toBytes()), expectedHex);
  assert.deepEqual(params.assetLabels.toRecord(), { CBT: CBT_REGTEST });
});

test('examples §3.2: commitment preimage with the default parent contract', () => {
  const o = parseChainOptions({ regtest: '1' });
  assert.equal(toHex(o.parentContract), '9125b0bcb4998c97918c2fe22e0769c8e1976c07');
  assert.equal(toHex(o.fedpegAddress), '00'.repeat(20));
  assert.equal(toHex(genesisCommitment(o)), 'c24709834d3f02a584f47490b55338fb1467a3b7946d0974b90f1db26b6baab3');
});

const table: {
  what: string;
  options: Record<string, string>;
  files?: { latest?: string; old?: string[] };
  commitment?: string;
  hash: string;
  pegged: string;
  txids?: string[];
  contract?: string;
}[] = [
  {
    what: 'elementsregtest, all defaults',
    options: { regtest: '1' },
    commitment: 'c24709834d3f02a584f47490b55338fb1467a3b7946d0974b90f1db26b6baab3',
    hash: '84531eda20dd331d508dd9085aa281c370799ff74d79d72afdd3af3d6d49b4fe',
    pegged: CBT_REGTEST,
  },
  {
    what: 'elementsregtest with free coins',
    options: { regtest: '1', initialfreecoins: '2100000000000000' },
    commitment: 'c24709834d3f02a584f47490b55338fb1467a3b7946d0974b90f1db26b6baab3',
    hash: 'ca305bc18ecdaa031b5654828e9c6b8e5a1bb00db6a6092203721efe68b83d6b',
    pegged: CBT_REGTEST,
  },
  {
    what: 'ocean_test, all defaults',
    options: {},
    commitment: '4646e2389375afcc5dabec2e7858f31ac304d1c8a4cb9def28e1c9e4917abdb1',
    hash: '7081b8cff0880dfd6c8aa5e357ceed9487613d8b8127ed569f7c10a6de473a3a',
    pegged: '002f58b63b44ea32a3a146beb8bb8acbbd3faf902e0f86e2fd569cdf9e7fc078',
  },
  {
    what: 'ocean_test, free coins and the functional-test terms files',
    options: { chain: 'ocean_test', initialfreecoins: '2100000000000000' },
    files: FT_TERMS,
    commitment: '4646e2389375afcc5dabec2e7858f31ac304d1c8a4cb9def28e1c9e4917abdb1',
    hash: 'db2eef56d44ac4277b4a5abf3b8f98469168f0cc75c4d60f60f9d81e94025c03',
    pegged: '002f58b63b44ea32a3a146beb8bb8acbbd3faf902e0f86e2fd569cdf9e7fc078',
    txids: [
      'b684cf45b3e0348569fbf3afd426bf9878c8ee78d097b8b267365558f24cf9ec',
      'b6d1bcd61e83aecdbca51d880451d62a76c8b83189430dcf6f175861531fb494',
    ],
    contract: '55f1a7f85f8fdc9d1cae38d30afe24f153bc6c97a6b73f27c6885ef6d0d400f7',
  },
  {
    what: 'ocean_main, all defaults',
    options: { chain: 'ocean_main' },
    commitment: 'bd8da4802ae78f48c46854f315f9e7b4ff8ee838a95dcaa88c8593b5a3676cc8',
    hash: '693d1d8f5391598418bc9fa7ffc00b0ac052916765e9b73f2ecf5872985da65a',
    pegged: '3291b71c20f2d04feccc736eb64a16182183e6a46ab6c77881d3dc2f2ede4fc3',
  },
  {
    what: 'gold_main, all defaults',
    options: { chain: 'gold_main' },
    hash: '6d4b587821d65de0c0638a4937cc9e9dfc5b7c13db79106e16f305d8a59ada22',
    pegged: '7beaef4087c085597156841ce980229797df24a7604d21f5bf2a097b4b0e6966',
  },
];

for (const row of table) {
  test(`examples §1.1: ${row.what}`, () => {
    const params = ChainParams.fromOptionValues(row.options, { terms: row.files ?? {} });
    const g = params.genesis;
    if (row.commitment) assert.equal(toHex(g.commitment), row.commitment);
    assert.equal(toDisplayHex(g.hash), row.hash);
    assert.equal(toDisplayHex(g.peggedAsset), row.pegged);
    assert.equal(toDisplayHex(params.consensus.peggedAsset), row.pegged);
    assert.equal(toDisplayHex(params.consensus.genesisHash), row.hash);
    if (row.txids) assert.deepEqual(g.block.transactions.map((t) => t.txidHex), row.txids);
    assert.equal(toDisplayHex(g.block.header.hashContract), row.contract ?? '00'.repeat(32));
  });
}

test('examples §1.2: genesis with every policy asset', () => {
  const params = ChainParams.fromOptionValues({
    regtest: '1',
    initialfreecoins: '100000000',
    policycoins: '200',
    freezelistcoinsdestination: '76a914111111111111111111111111111111111111111188ac',
    burnlistcoinsdestination: '76a914222222222222222222222222222222222222222288ac',
    whitelistcoinsdestination: '76a914333333333333333333333333333333333333333388ac',
    challengecoinsdestination: '51',
    permissioncoinsdestination: '52',
    issuancecoinsdestination: '53',
    issuecontrolscript: '5221',
    attestationhash: '00000000000000000000000000000000000000000000000000000000000000ff',
    signblockscript: '51210279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f8179851ae',
    genesistimestamp: '1600000000',
  });
  const g = params.genesis;
  assert.equal(toHex(g.commitment), '4a697f210b6ee059158f5323e736c99386750228a522b15c6f728323af15f950');
  const expected: [string, string, string][] = [
    ['CBT', 'cbt', '0d1466c45d53a50cc30f7168c9b3780e06e89b65cdb7005ddeae3b4b77e25fee'],
    ['FREEZELIST', 'freezelist', '7edd5ad4cbc0db7abbfe2c77842a7f5b079106f694dd52a3c31eb3aed2b484cc'],
    ['BURNLIST', 'burnlist', 'd14eb0135fa3addb1f4e2b0541bebd1fd88210cd17cb306c4f517392387d3b8c'],
    ['WHITELIST', 'whitelist', '7f37f7da1dc2a031e8cba549a1bebc8b42ceee223cde1a67e734ac68976f107d'],
    ['CHALLENGE', 'challenge', '5cff239ec959b4f5253a6c61e03d8fc0a116fef859010a6ef046ae1e53f71a32'],
    ['PERMISSION', 'permission', '469632346994aeeb0110edb71c30566080a55d0e9ab31d53b66e96662beae8a8'],
    ['ISSUANCE', 'issuance', 'ffdcf7d667bf7e371d76d1ab96861ee50c6d659855e0c4bd658bdfb7e3590aba'],
  ];
  assert.equal(toDisplayHex(g.peggedAsset), expected[0]![2]);
  for (const [label, kind, hex] of expected.slice(1)) {
    assert.equal(toDisplayHex(g.policyAssets.get(kind as never)!), hex, kind);
    assert.equal(toDisplayHex(params.policyAsset(kind as never)!), hex, kind);
    assert.equal(toDisplayHex(params.assetLabels.assetFor(label)!), hex);
    assert.equal(params.assetLabels.labelFor(params.assetLabels.assetFor(label)!), label);
  }
  assert.deepEqual(
    params.assetLabels.entries().map((e) => [e.label, toDisplayHex(e.asset)]),
    expected.map(([l, , h]) => [l, h]),
  );
  assert.deepEqual(
    g.block.transactions.map((t) => t.txidHex),
    [
      '280977814b22696b7485f4cd18fd14c226f88c35255a758a9bef9ffea3e0e971',
      '8e953c35fd6b92e8228f94a59e543fb54279790e45a00d45535339fe39a79c67',
      'd0969be32d87e1dd61f6c0373346f1208880fab94f2ce6d46bbfac5a25ec246c',
      '1b81a3859f2113f2dd5b9ce3d69520e7d461462338eb661f8e318444b55df255',
      '7964dec1d6ca950e6548d8768c333c79d82c9a0e849b1de136e93c76457ddcf7',
      '1b464b8f3131510ceb5c4e91b5de01538c5822342090eb660c9cf9a01606b742',
      '0d0b3a2797b719d26125766d6f53056127b08bde1f6f603bb78ad68c2a1d9c21',
      '2e409e36d5c4229d0ced8404b93162fb0e08edda46be282318726f5ea63b5657',
    ],
  );
  assert.equal(toDisplayHex(g.hash), 'bcddcec2e30ad5d41d5848672e4ea6ca30190fe0fe952e898ba25ab43927ab6d');
  assert.equal(
    toHex(g.block.header.toBytes(false)),
    '01000000' +
      '00'.repeat(32) +
      'cbb265f679a75b5776152fdd176e2f0dd9c888c84c45eb5efc47ffa96ec13494' +
      '00'.repeat(32) +
      'ff' +
      '00'.repeat(31) +
      '00'.repeat(32) +
      '00105e5f' +
      '00000000' +
      '25' +
      '51210279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f8179851ae',
  );
  const [cb, ...issuances] = g.block.transactions;
  assert.deepEqual(cb!.outputs.map((o) => toHex(o.scriptPubKey)), ['6a', '6a025221']);
  assert.equal(issuances.length, 7);
  issuances.forEach((tx, k) => {
    assert.equal(tx.inputs[0]!.prevout.index, k);
    assert.equal(tx.outputs.length, 100);
    const per = k === 0 ? 1_000_000n : 2n;
    for (const o of tx.outputs) assert.equal(o.value.amount, per);
    assert.equal(tx.inputs[0]!.issuance.amount.amount, per * 100n);
    assert.equal(tx.inputs[0]!.issuance.inflationKeys.isExplicit, true);
    assert.equal(tx.inputs[0]!.issuance.inflationKeys.amount, 0n);
  });
});

test('policy assets: index counter, unspendable destinations and -policycoins=0', () => {
  const base = { regtest: '1', policycoins: '1000', whitelistcoinsdestination: '51' };
  // no free coins: the first policy asset takes prevout index 0
  const a = ChainParams.fromOptionValues(base);
  assert.equal(a.genesisBlock.transactions.length, 2);
  assert.equal(a.genesisBlock.transactions[1]!.inputs[0]!.prevout.index, 0);
  assert.ok(a.policyAsset('whitelist'));
  assert.equal(a.policyAsset('freezelist'), undefined);
  // unspendable destinations are skipped and do not consume an index
  const b = ChainParams.fromOptionValues({ ...base, freezelistcoinsdestination: '6a51', burnlistcoinsdestination: 'b851' });
  assert.equal(b.genesisBlock.transactions.length, 2);
  assert.equal(toHex(b.policyAsset('whitelist')!), toHex(a.policyAsset('whitelist')!));
  assert.equal(b.policyAsset('freezelist'), undefined);
  // destinations without -policycoins issue nothing
  const c = ChainParams.fromOptionValues({ regtest: '1', whitelistcoinsdestination: '51' });
  assert.equal(c.genesisBlock.transactions.length, 1);
  assert.equal(c.policyAsset('whitelist'), undefined);
  assert.deepEqual(Object.keys(c.assetLabels.toRecord()), ['CBT']);
  // remainder below 100 is dropped
  const d = ChainParams.fromOptionValues({ regtest: '1', initialfreecoins: '12345' });
  assert.equal(d.genesisBlock.transactions[1]!.inputs[0]!.issuance.amount.amount, 12300n);
  assert.equal(d.genesisBlock.transactions[1]!.outputs[0]!.value.amount, 123n);
});

test('spendability rule for genesis destinations', () => {
  assert.equal(isSpendableGenesisDestination(new Uint8Array(0)), false);
  assert.equal(isSpendableGenesisDestination(fromHex('6a')), false);
  assert.equal(isSpendableGenesisDestination(fromHex('b851')), false);
  assert.equal(isSpendableGenesisDestination(fromHex('b651')), false);
  assert.equal(isSpendableGenesisDestination(fromHex('51')), true);
  assert.equal(isSpendableGenesisDestination(new Uint8Array(50_000).fill(0x51)), true);
  assert.equal(isSpendableGenesisDestination(new Uint8Array(50_001).fill(0x51)), false);
});

test('-embedcontract=0 leaves the genesis contract hash zero; issue control script push', () => {
  const on = ChainParams.fromOptionValues({}, { terms: FT_TERMS });
  const off = ChainParams.fromOptionValues({ embedcontract: '0' }, { terms: FT_TERMS });
  assert.equal(toDisplayHex(on.genesisBlock.header.hashContract), '55f1a7f85f8fdc9d1cae38d30afe24f153bc6c97a6b73f27c6885ef6d0d400f7');
  assert.equal(toHex(off.genesisBlock.header.hashContract), '00'.repeat(32));
  assert.equal(toDisplayHex(off.genesisHash), '7081b8cff0880dfd6c8aa5e357ceed9487613d8b8127ed569f7c10a6de473a3a');
  // a long issue-control script is pushed with OP_PUSHDATA1
  const script = '51'.repeat(80);
  const g = buildGenesis({ ...parseChainOptions({ regtest: '1', issuecontrolscript: script }), contractHash: new Uint8Array(32) });
  assert.equal(toHex(g.block.transactions[0]!.outputs[1]!.scriptPubKey), '6a4c50' + script);
});
