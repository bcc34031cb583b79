/**
 * Register-address payloads (ocean-policy.md §5.4; src/policy/whitelist.cpp factories and
 * src/script/registeraddressscript.cpp): the bytes pushed by `OP_REGISTERADDRESS [OP_1] <payload>`
 * (and `OP_DEREGISTERADDRESS`), listing the destinations an onboarding adds to (or removes from) the
 * address whitelist.
 *
 * v0 entries carry no type byte: a multisig entry `m ‖ n ‖ scriptid(20) ‖ n × pubkey(33)` is tried
 * first, then a derived entry `keyid(20) ‖ pubkey(33)`. v1 entries start with a type byte:
 * 0 DERIVED, 1 MULTI, 2 P2SH (`scriptid`), 3 P2PKH (`keyid`); the bare ones only with contract-in-tx.
 * Parsing is all-or-nothing: entries are read until none more can be, and the payload is accepted
 * only if that consumed it exactly.
 */
import { hash160 } from '../crypto/hash.js';
import type { Secp256k1 } from '../crypto/secp256k1.js';
import { AssertionError } from '../encoding/errors.js';
import { bytesEqual, concatBytes } from '../encoding/hex.js';
import { tweakPublicKey, tweakedMultisigScript } from '../address/contract-tweak.js';
import { OP } from '../script/opcodes.js';
import { ScriptBuilder } from '../script/script-builder.js';
import type { Destination } from '../script/standard.js';

/** A payload shorter than this never parses. */
export const REGISTER_PAYLOAD_MIN_SIZE = 20;
const ID = 20;
const PUB = 33;
const MAX_MULTISIG = 15;

/** v1 entry type bytes. */
export const RegisterEntryType = { DERIVED: 0, MULTI: 1, P2SH: 2, P2PKH: 3 } as const;

/** One entry of a register-address payload. */
export type RegisterEntry =
  /** A (tweaked) P2PKH key id with the untweaked public key it derives from. */
  | { readonly kind: 'derived'; readonly keyId: Uint8Array; readonly pubkey: Uint8Array }
  /** A P2SH multisig script id with m and the untweaked keys (n = number of keys). */
  | { readonly kind: 'multisig'; readonly m: number; readonly scriptId: Uint8Array; readonly pubkeys: readonly Uint8Array[] }
  /** A bare P2SH script id (v1, contract-in-tx only). */
  | { readonly kind: 'p2sh'; readonly scriptId: Uint8Array }
  /** A bare P2PKH key id (v1, contract-in-tx only). */
  | { readonly kind: 'p2pkh'; readonly keyId: Uint8Array };

/** What the reader checks entries against. */
export interface RegisterPayloadRules {
  readonly secp: Secp256k1;
  /** `-contractintx`: bare entries allowed, no tweak checks, relaxed multisig n checks. */
  readonly contractInTx: boolean;
  /** The hash keys are tweaked with (height-0 contract hash; zero = no tweak). */
  readonly contractHash: Uint8Array;
}

/** The whitelist destination of an entry. */
export function registerEntryDestination(e: RegisterEntry): Destination {
  return e.kind === 'derived' || e.kind === 'p2pkh' ? { type: 'keyhash', hash: e.keyId } : { type: 'scripthash', hash: e.scriptId };
}

/** `CPubKey::IsFullyValid` for a 33-byte key. */
function validPubKey(secp: Secp256k1, k: Uint8Array): boolean {
  return k.length === PUB && (k[0] === 0x02 || k[0] === 0x03) && secp.publicKeyVerify(k);
}

/** The tweak check of a derived pair (`Set: address does not derive …`). */
export function derivedPairValid(rules: RegisterPayloadRules, keyId: Uint8Array, pubkey: Uint8Array): boolean {
  try {
    return bytesEqual(hash160(tweakPublicKey(pubkey, rules.contractHash, rules.secp)), keyId);
  } catch (e) {
    if (e instanceof AssertionError) throw e;
    return false;
  }
}

/** The tweak check of a multisig entry: P2SH of `multisig(m, tweaked keys)` equals the script id. */
export function multisigEntryValid(rules: RegisterPayloadRules, m: number, scriptId: Uint8Array, pubkeys: readonly Uint8Array[]): boolean {
  if (m < 1 || m > pubkeys.length || pubkeys.length > MAX_MULTISIG) return false;
  try {
    return bytesEqual(hash160(tweakedMultisigScript(m, pubkeys, rules.contractHash, rules.secp)), scriptId);
  } catch (e) {
    if (e instanceof AssertionError) throw e;
    return false;
  }
}

class Cursor {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}
  get remaining(): number {
    return this.bytes.length - this.pos;
  }
  take(n: number): Uint8Array | undefined {
    if (this.remaining < n) return undefined;
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

function readMultisig(c: Cursor, rules: RegisterPayloadRules): RegisterEntry | undefined {
  const start = c.pos;
  const fail = (): undefined => {
    c.pos = start;
    return undefined;
  };
  const head = c.take(2);
  if (head === undefined) return fail();
  const m = head[0]!;
  const n = head[1]!;
  if (m < 1 || m > MAX_MULTISIG) return fail();
  if (!rules.contractInTx && (m > n || n < 1 || n > MAX_MULTISIG)) return fail();
  const scriptId = c.take(ID);
  if (scriptId === undefined) return fail();
  const pubkeys: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const k = c.take(PUB);
    if (k === undefined || !validPubKey(rules.secp, k)) return fail();
    pubkeys.push(k);
  }
  if (!rules.contractInTx && !multisigEntryValid(rules, m, scriptId, pubkeys)) return fail();
  return { kind: 'multisig', m, scriptId, pubkeys };
}

function readDerived(c: Cursor, rules: RegisterPayloadRules): RegisterEntry | undefined {
  const start = c.pos;
  const keyId = c.take(ID);
  const pubkey = c.take(PUB);
  if (keyId === undefined || pubkey === undefined || !validPubKey(rules.secp, pubkey) || (!rules.contractInTx && !derivedPairValid(rules, keyId, pubkey))) {
    c.pos = start;
    return undefined;
  }
  return { kind: 'derived', keyId, pubkey };
}

function readBare(c: Cursor, rules: RegisterPayloadRules, kind: 'p2sh' | 'p2pkh'): RegisterEntry | undefined {
  if (!rules.contractInTx) return undefined;
  const id = c.take(ID);
  if (id === undefined) return undefined;
  return kind === 'p2sh' ? { kind, scriptId: id } : { kind, keyId: id };
}

function readV1(c: Cursor, rules: RegisterPayloadRules): RegisterEntry | undefined {
  const start = c.pos;
  const type = c.take(1)?.[0];
  let e: RegisterEntry | undefined;
  switch (type) {
    case RegisterEntryType.DERIVED:
      e = readDerived(c, rules);
      break;
    case RegisterEntryType.MULTI:
      e = readMultisig(c, rules);
      break;
    case RegisterEntryType.P2SH:
      e = readBare(c, rules, 'p2sh');
      break;
    case RegisterEntryType.P2PKH:
      e = readBare(c, rules, 'p2pkh');
      break;
    default:
      e = undefined;
  }
  if (e === undefined) c.pos = start;
  return e;
}

/**
 * Parses a register-address payload of script version `version` (0 or 1). Returns the entries in
 * payload order, or undefined when the payload does not parse completely (nothing is then applied).
 */
export function parseRegisterPayload(payload: Uint8Array, version: 0 | 1, rules: RegisterPayloadRules): RegisterEntry[] | undefined {
  if (payload.length < REGISTER_PAYLOAD_MIN_SIZE) return undefined;
  const c = new Cursor(payload);
  const entries: RegisterEntry[] = [];
  while (c.remaining > 0) {
    const e = version === 0 ? (readMultisig(c, rules) ?? readDerived(c, rules)) : readV1(c, rules);
    if (e === undefined) break;
    entries.push(e);
  }
  return c.remaining === 0 ? entries : undefined;
}

/**
 * Writes a payload (`CRegisterAddressScript`): v1 with type bytes, v0 without. A v0 payload cannot
 * hold bare entries (throws RangeError). Entries are written in the order given.
 */
export function writeRegisterPayload(entries: readonly RegisterEntry[], version: 0 | 1): Uint8Array {
  const parts: Uint8Array[] = [];
  const type = (t: number): void => {
    if (version === 1) parts.push(Uint8Array.of(t));
  };
  for (const e of entries) {
    switch (e.kind) {
      case 'derived':
        checkLength(e.keyId, ID, 'key id');
        checkLength(e.pubkey, PUB, 'public key');
        type(RegisterEntryType.DERIVED);
        parts.push(e.keyId, e.pubkey);
        break;
      case 'multisig':
        checkLength(e.scriptId, ID, 'script id');
        if (e.m < 1 || e.m > 255 || e.pubkeys.length > 255) throw new RangeError('multisig entry m/n out of range');
        type(RegisterEntryType.MULTI);
        parts.push(Uint8Array.of(e.m, e.pubkeys.length), e.scriptId);
        for (const k of e.pubkeys) {
          checkLength(k, PUB, 'public key');
          parts.push(k);
        }
        break;
      case 'p2sh':
      case 'p2pkh':
        if (version === 0) throw new RangeError('a v0 register-address payload cannot hold bare addresses');
        type(e.kind === 'p2sh' ? RegisterEntryType.P2SH : RegisterEntryType.P2PKH);
        parts.push(checkLength(e.kind === 'p2sh' ? e.scriptId : e.keyId, ID, 'address hash'));
        break;
    }
  }
  return concatBytes(...parts);
}

function checkLength(b: Uint8Array, n: number, what: string): Uint8Array {
  if (b.length !== n) throw new RangeError(`${what} must be ${n} bytes, got ${b.length}`);
  return b;
}

/** `OP_REGISTERADDRESS [OP_1] PUSH(payload)`, or `OP_DEREGISTERADDRESS …` with `deregister`. */
export function registerAddressScript(payload: Uint8Array, version: 0 | 1, deregister = false): Uint8Array {
  const b = new ScriptBuilder().op(deregister ? OP.OP_DEREGISTERADDRESS : OP.OP_REGISTERADDRESS);
  if (version === 1) b.op(OP.OP_1);
  return b.push(payload).build();
}
