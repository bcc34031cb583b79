import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StorageError } from '../../../src/storage/storage-error.js';
import { WriteBatch } from '../../../src/storage/write-batch.js';
import { LmdbWalletFile } from '../../../src/wallet/keys/wallet-file.js';
import { WalletKeyStore } from '../../../src/wallet/keys/wallet-key-store.js';
import { runKvStoreBattery, dump } from '../../storage/support/kv-store-battery.js';
import { FakeClock, SeededRandom, hex, secp } from './support/fixtures.js';

const temps: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'ocean-wallet-file-'));
  temps.push(d);
  return d;
}
after(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

runKvStoreBattery({
  name: 'LmdbWalletFile',
  propertyRuns: 30,
  async create() {
    const dir = tempDir();
    const store = LmdbWalletFile.open(join(dir, 'wallet.dat'));
    return {
      store,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});

const u = (...b: number[]): Uint8Array => Uint8Array.from(b);

describe('wallet files (-wallet=<name>, backupwallet)', () => {
  it('is a single file (plus its -lock file) named as given, even with a dot in the name', async () => {
    const dir = tempDir();
    const f = LmdbWalletFile.open(join(dir, 'wallet.dat'));
    await f.write(new WriteBatch().put(u(1), u(2)));
    await f.close();
    assert.deepEqual(readdirSync(dir).sort(), ['wallet.dat', 'wallet.dat-lock']);
    const again = LmdbWalletFile.open(join(dir, 'wallet.dat'));
    assert.deepEqual(again.get(u(1)), u(2));
    await again.close();
  });

  it('refuses a second open in the process, a missing directory, a directory, and a file that is not LMDB', async () => {
    const dir = tempDir();
    const f = LmdbWalletFile.open(join(dir, 'w'));
    assert.throws(() => LmdbWalletFile.open(join(dir, 'w')), (e) => e instanceof StorageError && e.kind === 'in-use');
    await f.close();
    assert.throws(() => LmdbWalletFile.open(join(dir, 'nope', 'w')), (e) => e instanceof StorageError && e.kind === 'unreadable');
    mkdirSync(join(dir, 'adir'));
    assert.throws(() => LmdbWalletFile.open(join(dir, 'adir')), (e) => e instanceof StorageError && e.kind === 'unreadable');
    writeFileSync(join(dir, 'garbage'), Buffer.alloc(20000, 7));
    assert.throws(() => LmdbWalletFile.open(join(dir, 'garbage')), (e) => e instanceof StorageError && e.kind === 'corrupt');
    await assert.rejects(f.write(new WriteBatch().put(u(1), u(1))), (e) => e instanceof StorageError && e.kind === 'closed');
  });

  it('backup() writes a consistent copy, replacing an existing file; into a directory it keeps the wallet name', async () => {
    const dir = tempDir();
    const f = LmdbWalletFile.open(join(dir, 'wallet.dat'));
    await f.write(new WriteBatch().put(u(1), u(1)));
    writeFileSync(join(dir, 'wallet.bak'), 'old content');
    assert.equal(await f.backup(join(dir, 'wallet.bak')), join(dir, 'wallet.bak'));
    await f.write(new WriteBatch().put(u(2), u(2)));
    const sub = join(dir, 'backups');
    mkdirSync(sub);
    assert.equal(await f.backup(sub), join(sub, 'wallet.dat'));
    await assert.rejects(f.backup(join(dir, 'wallet.dat')), /onto itself/);
    const before = dump(f);
    await f.close();
    const b1 = LmdbWalletFile.open(join(dir, 'wallet.bak'));
    assert.deepEqual(dump(b1), [['01', '01']]);
    await b1.close();
    const b2 = LmdbWalletFile.open(join(sub, 'wallet.dat'));
    assert.deepEqual(dump(b2), before);
    await b2.close();
    assert.ok(!readdirSync(dir).some((n) => n.includes('.tmp-')), 'no temporary file left');
  });

  it('functional spec A.4: a backupwallet file copied to another node and loaded with -wallet=<name> gives the same keys', async () => {
    const node0 = tempDir();
    const node1 = tempDir();
    const file0 = LmdbWalletFile.open(join(node0, 'wallet.dat'));
    const w0 = await WalletKeyStore.open(file0, { secp, random: new SeededRandom('node0'), clock: new FakeClock(), keypoolSize: 5 });
    await w0.getNewKey();
    await w0.getNewKey();
    await file0.backup(join(node0, 'wallet.bak'));
    copyFileSync(join(node0, 'wallet.bak'), join(node1, 'backup_wallet'));
    const file1 = LmdbWalletFile.open(join(node1, 'backup_wallet'));
    const w1 = await WalletKeyStore.open(file1, { secp, random: new SeededRandom('node1'), clock: new FakeClock(), keypoolSize: 5 });
    assert.deepEqual(w1.hdMasterKeyId, w0.hdMasterKeyId);
    for (let i = 0; i < 10; i++) assert.equal(hex((await w1.getNewKey()).keyId), hex((await w0.getNewKey()).keyId));
    await file0.close();
    await file1.close();
  });

  it('rewrite() (after encryptwallet) compacts the file in place and keeps its content', async () => {
    const dir = tempDir();
    const path = join(dir, 'wallet.dat');
    const f = LmdbWalletFile.open(path);
    const big = new Uint8Array(200_000).fill(0xab);
    await f.write(new WriteBatch().put(u(1), big).put(u(2), u(2)));
    await f.write(new WriteBatch().del(u(1)));
    const content = dump(f);
    await f.close();
    const run = Buffer.alloc(1000, 0xab);
    assert.ok(readFileSync(path).includes(run), 'the deleted value still sits in a free page');
    await LmdbWalletFile.rewrite(path);
    assert.ok(!readFileSync(path).includes(run), 'gone after the rewrite');
    assert.ok(!existsSync(`${path}.rewrite`));
    const g = LmdbWalletFile.open(path);
    assert.deepEqual(dump(g), content);
    await g.close();
  });
});

describe('encryptwallet on a wallet file', () => {
  it('after encrypting and rewriting, the file holds no plaintext secret; it reopens locked with the same keys', async () => {
    const dir = tempDir();
    const path = join(dir, 'wallet.dat');
    const f = LmdbWalletFile.open(path);
    const clock = new FakeClock(1_800_000_000, 1000);
    const w = await WalletKeyStore.open(f, { secp, random: new SeededRandom('enc'), clock, keypoolSize: 4 });
    await w.getNewKey();
    const ids = w.keyIds();
    const secrets = ids.map((id) => Buffer.from(w.getKey(id)!.privateKey));
    await w.encrypt('pass phrase');
    await f.close();
    await LmdbWalletFile.rewrite(path);
    const bytes = readFileSync(path);
    for (const s of secrets) assert.ok(!bytes.includes(s), 'no plaintext secret in the rewritten file');
    const g = LmdbWalletFile.open(path);
    const w2 = await WalletKeyStore.open(g, { secp, clock, keypoolSize: 4 });
    assert.equal(w2.isLocked, true);
    clock.autoStepMs = 0;
    w2.unlock('pass phrase');
    for (let i = 0; i < ids.length; i++) assert.deepEqual(Buffer.from(w2.getKey(ids[i]!)!.privateKey), secrets[i]);
    await g.close();
  });
});
