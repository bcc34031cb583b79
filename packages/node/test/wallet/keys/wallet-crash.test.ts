/**
 * Kill trials (ARCHITECTURE.md "Storage and concurrency", docs/adr/0024-wallet-storage.md): a child
 * hands out wallet keys from a real wallet file and is SIGKILLed at a random moment — during
 * creation, encryption, top-ups or hand-outs. After every kill the file must open as a consistent
 * wallet that still holds the private key of every key the child reported as handed out, never
 * offers one of them again, and keeps their labels.
 */
import { it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromHex, hash160, toHex } from '@ocean-ts/core';
import { LmdbWalletFile } from '../../../src/wallet/keys/wallet-file.js';
import { SETTING_MINVERSION, WALLET_KEYS_LAYOUT } from '../../../src/wallet/keys/layout.js';
import { WalletKeyStore } from '../../../src/wallet/keys/wallet-key-store.js';
import { runUntilKilled } from '../../support/kill-trial.js';
import { secp } from './support/fixtures.js';

const WRITER = fileURLToPath(new URL('./support/wallet-crash-writer.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'ocean-wallet-crash-'));
after(() => rmSync(root, { recursive: true, force: true }));

interface ModeState {
  readonly file: string;
  /** key id hex → label ('-' for none) of every key reported handed out. */
  readonly handedOut: Map<string, string>;
  encrypted: boolean;
}

async function checkWallet(s: ModeState, mode: 'plain' | 'enc', trial: number): Promise<void> {
  const store = LmdbWalletFile.open(s.file);
  try {
    if (store.get(SETTING_MINVERSION) === undefined) {
      assert.equal(s.handedOut.size, 0, `trial ${trial}: keys were handed out but the wallet is gone`);
      return; // killed before the creation batch committed: nothing to check, nothing created
    }
    const keys = await WalletKeyStore.open(store, { secp, keypoolSize: 3 });
    if (s.encrypted) assert.equal(keys.isCrypted, true, `trial ${trial}: the encryption was reported but is not there`);
    if (keys.isCrypted) {
      assert.equal(mode, 'enc');
      keys.unlock('pw');
    }
    const pool = new Set(keys.poolKeys().map((k) => toHex(k.keyId)));
    for (const [id, label] of s.handedOut) {
      const keyId = fromHex(id);
      const k = keys.getKey(keyId);
      assert.ok(k, `trial ${trial}: handed-out key ${id} lost`);
      assert.equal(toHex(hash160(secp.publicKeyCreate(k.privateKey, k.compressed))), id);
      assert.ok(!pool.has(id), `trial ${trial}: handed-out key ${id} is back in the pool`);
      if (label !== '-') assert.equal(keys.addressBookEntry({ type: 'keyhash', hash: keyId })?.name, label, `trial ${trial}: label of ${id}`);
      const info = keys.keyInfo(keyId)!;
      const index = Number(/m\/0'\/0'\/(\d+)'/.exec(info.meta.hdKeypath)?.[1] ?? -1);
      if (toHex(info.meta.hdMasterKeyId ?? new Uint8Array()) === toHex(keys.hdMasterKeyId!)) {
        assert.ok(index < keys.hdExternalCounter!, `trial ${trial}: HD counter ${keys.hdExternalCounter} not past handed-out index ${index}`);
      }
    }
  } finally {
    await store.close();
  }
}

it('wallet file: kill -9 at random moments never loses or re-issues a handed-out key (24 trials, plain and encrypted)', async (t) => {
  const modes = { plain: { file: join(root, 'plain.dat'), handedOut: new Map(), encrypted: false }, enc: { file: join(root, 'enc.dat'), handedOut: new Map(), encrypted: false } } as Record<
    'plain' | 'enc',
    ModeState
  >;
  let reported = 0;
  let early = 0;
  for (let trial = 1; trial <= 24; trial++) {
    const mode = trial % 2 === 0 ? 'enc' : 'plain';
    const s = modes[mode];
    const fromSpawn = trial % 5 === 0 || trial <= 2;
    // kills land anywhere, but after the first trials give a not yet encrypted wallet time to finish encrypting
    const delay = (fromSpawn ? Math.random() * 1000 : Math.random() * 400) + (mode === 'enc' && !s.encrypted && trial > 6 ? 2000 : 0);
    const run = await runUntilKilled(WRITER, [s.file, mode], delay, fromSpawn, 30_000);
    if (!run.ready) early++;
    for (const line of run.lines) {
      if (line === 'encrypted') s.encrypted = true;
      else {
        const [tag, id, label] = line.split(' ');
        if (tag !== 'key' || id === undefined || label === undefined) continue; // a line cut by the kill
        if (id.length !== 40) continue;
        assert.ok(!s.handedOut.has(id), `trial ${trial}: key ${id} handed out twice`);
        s.handedOut.set(id, label);
        reported++;
      }
    }
    await checkWallet(s, mode, trial);
  }
  t.diagnostic(JSON.stringify({ reported, early, plain: modes.plain.handedOut.size, enc: modes.enc.handedOut.size, encrypted: modes.enc.encrypted }));
  assert.ok(modes.plain.handedOut.size > 20, 'the plain writer made progress');
  assert.ok(modes.enc.encrypted && modes.enc.handedOut.size > 5, 'the encrypted writer made progress');
});

it('wallet creation is one batch: a kill during it leaves no wallet or a whole one (8 trials, -keypool=4000)', async (t) => {
  const outcomes = { none: 0, whole: 0 };
  for (let trial = 1; trial <= 8; trial++) {
    const file = join(root, `fresh-${trial}.dat`);
    await runUntilKilled(WRITER, [file, 'plain', '4000'], 250 + Math.random() * 700, true, 30_000);
    const store = LmdbWalletFile.open(file);
    try {
      const keyRecords = [...store.range(WALLET_KEYS_LAYOUT.range('key'))].length;
      if (store.get(SETTING_MINVERSION) === undefined) {
        assert.equal(keyRecords, 0, `trial ${trial}: keys without a wallet`);
        outcomes.none++;
      } else {
        const keys = await WalletKeyStore.open(store, { secp, keypoolSize: 4000 });
        assert.ok(keys.defaultKey, `trial ${trial}: no default key`);
        assert.ok(keys.keypoolSize >= 4000 - 10, `trial ${trial}: pool of ${keys.keypoolSize}`);
        outcomes.whole++;
      }
    } finally {
      await store.close();
    }
  }
  t.diagnostic(JSON.stringify(outcomes));
});
