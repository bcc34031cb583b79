/**
 * A real SoftHSM2 token for the PKCS#11 tests, created in a temporary directory. SoftHSM2 must be
 * installed (`apt-get install softhsm2`); if it is not, the tests FAIL with that message.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyGenMechanism, KeyType, ObjectClass, SessionFlag, UserType, type Session } from 'graphene-pk11';
import type { Secp256k1 } from '@ocean-ts/core';
import { SECP256K1_EC_PARAMS } from '../../src/signer/pkcs11-key-source.js';
import { acquirePkcs11Module, releasePkcs11Module } from '../../src/signer/pkcs11-modules.js';

const MODULE_CANDIDATES = [
  process.env['SOFTHSM2_MODULE'],
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
  '/usr/lib64/pkcs11/libsofthsm2.so',
];

/** The SoftHSM2 library, or a thrown error telling how to install it. */
export function softhsmModulePath(): string {
  const found = MODULE_CANDIDATES.find((p): p is string => p !== undefined && existsSync(p));
  const util = spawnSync('softhsm2-util', ['--version'], { encoding: 'utf8' });
  if (found === undefined || util.error !== undefined || util.status !== 0) {
    throw new Error(
      'SoftHSM2 is not installed (libsofthsm2.so or softhsm2-util not found): install it with `apt-get install -y softhsm2` ' +
        '(or set SOFTHSM2_MODULE to the library path). The PKCS#11 signer tests need a real token.',
    );
  }
  return found;
}

export const SO_PIN = '87654321';
export const USER_PIN = '12345678';

/** A temporary SoftHSM2 configuration with one initialised token. */
export class SoftHsmToken {
  readonly dir: string;
  readonly conf: string;
  readonly modulePath: string;

  constructor(readonly label: string) {
    this.modulePath = softhsmModulePath();
    this.dir = mkdtempSync(join(tmpdir(), 'mainstay-softhsm-'));
    const tokens = join(this.dir, 'tokens');
    spawnSync('mkdir', ['-p', tokens]);
    this.conf = join(this.dir, 'softhsm2.conf');
    writeFileSync(this.conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
    const r = spawnSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', SO_PIN, '--pin', USER_PIN], {
      encoding: 'utf8',
      env: { ...process.env, SOFTHSM2_CONF: this.conf },
    });
    if (r.status !== 0) throw new Error(`softhsm2-util --init-token failed: ${r.stderr}${r.stdout}`);
    // SoftHSM reads SOFTHSM2_CONF when the library is initialised (by the test or the key source)
    process.env['SOFTHSM2_CONF'] = this.conf;
  }

  /** Run `fn` with a logged-in read/write session (the library is finalised afterwards). */
  withSession<T>(fn: (session: Session) => T): T {
    // shared with the key sources under test, so that neither finalises the other's library
    const module = acquirePkcs11Module(this.modulePath);
    try {
      const slots = module.getSlots(true);
      for (let i = 0; i < slots.length; i++) {
        const slot = slots.items(i);
        if (slot.getToken().label.trim() !== this.label) continue;
        const session = slot.open(SessionFlag.SERIAL_SESSION | SessionFlag.RW_SESSION);
        try {
          try {
            session.login(USER_PIN, UserType.USER);
          } catch (e) {
            if (!String(e).includes('CKR_USER_ALREADY_LOGGED_IN')) throw e;
          }
          return fn(session);
        } finally {
          session.close();
        }
      }
      throw new Error(`token ${this.label} not found`);
    } finally {
      releasePkcs11Module(this.modulePath);
    }
  }

  /**
   * Import a secp256k1 key pair under `label`. `readable` makes the private key
   * CKA_SENSITIVE=false / CKA_EXTRACTABLE=true (what tweaked signing needs); otherwise it is
   * sensitive and non-extractable. `withPublic` also stores the public key object.
   */
  importKey(secp: Secp256k1, label: string, key: Uint8Array, options: { readable: boolean; withPublic?: boolean }): void {
    const point = secp.publicKeyCreate(key, false);
    this.withSession((session) => {
      session.create({
        class: ObjectClass.PRIVATE_KEY,
        keyType: KeyType.EC,
        token: true,
        private: true,
        label,
        sign: true,
        paramsEC: SECP256K1_EC_PARAMS,
        value: Buffer.from(key),
        sensitive: !options.readable,
        extractable: options.readable,
      });
      if (options.withPublic ?? true) {
        session.create({
          class: ObjectClass.PUBLIC_KEY,
          keyType: KeyType.EC,
          token: true,
          label,
          verify: true,
          paramsEC: SECP256K1_EC_PARAMS,
          pointEC: Buffer.concat([Buffer.of(0x04, point.length), Buffer.from(point)]),
        });
      }
    });
  }

  /** Generate a secp256k1 key pair inside the token (sensitive, non-extractable unless `readable`). */
  generateKey(label: string, options: { readable: boolean }): void {
    this.withSession((session) => {
      session.generateKeyPair(
        KeyGenMechanism.EC,
        { keyType: KeyType.EC, paramsEC: SECP256K1_EC_PARAMS, token: true, verify: true, label },
        { keyType: KeyType.EC, token: true, private: true, sign: true, label, sensitive: !options.readable, extractable: options.readable },
      );
    });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
