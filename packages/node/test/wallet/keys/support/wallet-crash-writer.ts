/**
 * Child process of the wallet kill trials: opens (creating on first run) the wallet file `<file>`,
 * optionally encrypts it (`enc` mode, passphrase `pw`) and then hands out keys forever, printing
 * each one only after the call that handed it out has resolved (the key is durably handed out):
 *
 *   node --import tsx wallet-crash-writer.ts <file> <plain|enc> [keypool=3]
 *
 * Lines: `ready`, then `key <keyId hex> <label or ->` (getnewaddress with a label, getrawchangeaddress,
 * or a reserved-and-kept change key), `encrypted` once the encryption has committed.
 */
import { LmdbWalletFile } from '../../../../src/wallet/keys/wallet-file.js';
import { WalletKeyStore } from '../../../../src/wallet/keys/wallet-key-store.js';
import { loadNativeSecp256k1, toHex } from '@ocean-ts/core';

const [file, mode, keypool] = process.argv.slice(2);
if (file === undefined || (mode !== 'plain' && mode !== 'enc')) throw new Error('usage: wallet-crash-writer.ts <file> <plain|enc>');
const secp = loadNativeSecp256k1();
const store = LmdbWalletFile.open(file);
const keys = await WalletKeyStore.open(store, { secp, keypoolSize: Number(keypool ?? 3), contractTweak: new Uint8Array(32).fill(0x42) });
process.stdout.write('ready\n');
if (mode === 'enc') {
  if (!keys.isCrypted) {
    await keys.encrypt('pw');
    process.stdout.write('encrypted\n');
  }
  keys.unlock('pw');
}
for (let i = 0; ; i++) {
  const pid = process.pid.toString(36);
  if (i % 3 === 0) {
    const label = `k${pid}-${i}`;
    const k = await keys.getNewKey({ name: label, purpose: 'receive' });
    process.stdout.write(`key ${toHex(k.keyId)} ${label}\n`);
  } else if (i % 3 === 1) {
    const k = await keys.getChangeKey();
    process.stdout.write(`key ${toHex(k.keyId)} -\n`);
  } else {
    const r = (await keys.reserveKey())!;
    if (i % 2 === 0) keys.returnKey(r.index);
    else {
      await keys.keepKey(r.index);
      process.stdout.write(`key ${toHex(r.key.keyId)} -\n`);
    }
  }
  if (i % 10 === 9) await keys.topUpKeyPool(8 + (i % 7));
}
