import {
  DummySignatureCreator,
  SigVersion,
  TxoutType,
  hash160,
  produceSignature,
  ripemd160,
  solver,
  type SigningProvider,
} from '@ocean-ts/core';

/**
 * `isminetype` (0.14): `spendable` (ISMINE_SPENDABLE), `watch-solvable` / `watch-unsolvable`
 * (ISMINE_WATCH_SOLVABLE / _UNSOLVABLE, both "watch-only"), or `no`.
 */
export type IsMineType = 'spendable' | 'watch-solvable' | 'watch-unsolvable' | 'no';

/** What `IsMine` reads from a key store. */
export interface IsMineKeyStore extends SigningProvider {
  /** `-anyonecanspendaremine` (Elements, default on): a bare `OP_TRUE` output is spendable. */
  readonly anyoneCanSpendAreMine: boolean;
  haveKey(keyId: Uint8Array): boolean;
  haveScript(scriptId: Uint8Array): boolean;
  haveWatchOnly(script: Uint8Array): boolean;
}

function p2wScriptId(program: Uint8Array): Uint8Array {
  // CScriptID(CScript() << OP_0 << program)
  const s = new Uint8Array(2 + program.length);
  s[0] = 0x00;
  s[1] = program.length;
  s.set(program, 2);
  return hash160(s);
}

function p2pkh(keyId: Uint8Array): Uint8Array {
  return Uint8Array.of(0x76, 0xa9, 0x14, ...keyId, 0x88, 0xac);
}

/**
 * `IsMine(keystore, scriptPubKey)` of Core 0.14 (script/ismine.cpp), plus Elements' bare `OP_TRUE`
 * output, which every wallet treats as its own under `-anyonecanspendaremine` (default on;
 * functional spec A.6). Multisig is spendable only
 * when every key is held; bare segwit programs count only when their P2SH form is known; watch-only
 * scripts are solvable when a dummy signature can be produced for them.
 */
export function isMine(ks: IsMineKeyStore, script: Uint8Array, sigversion: SigVersion = SigVersion.BASE): IsMineType {
  return isMineInner(ks, script, sigversion).mine;
}

interface Result {
  readonly mine: IsMineType;
  readonly invalid: boolean;
}

function isMineInner(ks: IsMineKeyStore, script: Uint8Array, sigversion: SigVersion): Result {
  const no: Result = { mine: 'no', invalid: false };
  const invalid: Result = { mine: 'no', invalid: true };
  const { ok, type, solutions } = solver(script);
  if (!ok) return ks.haveWatchOnly(script) ? { mine: 'watch-unsolvable', invalid: false } : no;
  const passes = (r: Result): boolean => r.mine === 'spendable' || r.mine === 'watch-solvable' || (r.mine === 'no' && r.invalid);
  switch (type) {
    case TxoutType.TRUE:
      if (ks.anyoneCanSpendAreMine) return { mine: 'spendable', invalid: false };
      break;
    case TxoutType.PUBKEY: {
      const key = solutions[0]!;
      if (sigversion !== SigVersion.BASE && key.length !== 33) return invalid;
      if (ks.haveKey(hash160(key))) return { mine: 'spendable', invalid: false };
      break;
    }
    case TxoutType.WITNESS_V0_KEYHASH: {
      const program = solutions[0]!;
      if (!ks.haveScript(p2wScriptId(program))) break;
      const r = isMineInner(ks, p2pkh(program), SigVersion.WITNESS_V0);
      if (passes(r)) return r;
      break;
    }
    case TxoutType.PUBKEYHASH: {
      const keyId = solutions[0]!;
      if (sigversion !== SigVersion.BASE) {
        const pub = ks.getPubKey(keyId);
        if (pub !== undefined && pub.length !== 33) return invalid;
      }
      if (ks.haveKey(keyId)) return { mine: 'spendable', invalid: false };
      break;
    }
    case TxoutType.SCRIPTHASH: {
      const sub = ks.getScript(solutions[0]!);
      if (sub !== undefined) {
        const r = isMineInner(ks, sub, SigVersion.BASE);
        if (passes(r)) return r;
      }
      break;
    }
    case TxoutType.WITNESS_V0_SCRIPTHASH: {
      const program = solutions[0]!;
      if (!ks.haveScript(p2wScriptId(program))) break;
      const sub = ks.getScript(ripemd160(program));
      if (sub !== undefined) {
        const r = isMineInner(ks, sub, SigVersion.WITNESS_V0);
        if (passes(r)) return r;
      }
      break;
    }
    case TxoutType.MULTISIG: {
      // Only "mine" when ALL the keys are held (partially owned multisig could be spent from under us).
      const keys = solutions.slice(1, -1);
      if (sigversion !== SigVersion.BASE && keys.some((k) => k.length !== 33)) return invalid;
      if (keys.every((k) => ks.haveKey(hash160(k)))) return { mine: 'spendable', invalid: false };
      break;
    }
    default:
      break;
  }
  if (ks.haveWatchOnly(script)) {
    const solvable = produceSignature(new DummySignatureCreator(ks), script).complete;
    return { mine: solvable ? 'watch-solvable' : 'watch-unsolvable', invalid: false };
  }
  return no;
}
