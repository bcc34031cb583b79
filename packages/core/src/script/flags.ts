/** Script verification flags: Bitcoin Core 0.14's `SCRIPT_VERIFY_*` bit values. */
export const SCRIPT_VERIFY_NONE = 0;
export const SCRIPT_VERIFY_P2SH = 1 << 0;
export const SCRIPT_VERIFY_STRICTENC = 1 << 1;
export const SCRIPT_VERIFY_DERSIG = 1 << 2;
export const SCRIPT_VERIFY_LOW_S = 1 << 3;
export const SCRIPT_VERIFY_NULLDUMMY = 1 << 4;
export const SCRIPT_VERIFY_SIGPUSHONLY = 1 << 5;
export const SCRIPT_VERIFY_MINIMALDATA = 1 << 6;
export const SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS = 1 << 7;
export const SCRIPT_VERIFY_CLEANSTACK = 1 << 8;
export const SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY = 1 << 9;
export const SCRIPT_VERIFY_CHECKSEQUENCEVERIFY = 1 << 10;
export const SCRIPT_VERIFY_WITNESS = 1 << 11;
export const SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM = 1 << 12;
export const SCRIPT_VERIFY_MINIMALIF = 1 << 13;
export const SCRIPT_VERIFY_NULLFAIL = 1 << 14;
export const SCRIPT_VERIFY_WITNESS_PUBKEYTYPE = 1 << 15;

/** Flags every block transaction is checked with (csv and segwit are hard-wired active in Ocean). */
export const BLOCK_SCRIPT_VERIFY_FLAGS =
  SCRIPT_VERIFY_P2SH |
  SCRIPT_VERIFY_DERSIG |
  SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY |
  SCRIPT_VERIFY_CHECKSEQUENCEVERIFY |
  SCRIPT_VERIFY_WITNESS |
  SCRIPT_VERIFY_NULLDUMMY;

/** Flags of the block proof (challenge / solution) check: P2SH only. */
export const BLOCK_PROOF_SCRIPT_VERIFY_FLAGS = SCRIPT_VERIFY_P2SH;

/**
 * Mandatory flags: a transaction failing with these is invalid (DoS-scored); failing only the
 * standard ones is merely non-standard.
 */
export const MANDATORY_SCRIPT_VERIFY_FLAGS = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY;

/** Mempool (standardness) flags. */
export const STANDARD_SCRIPT_VERIFY_FLAGS =
  MANDATORY_SCRIPT_VERIFY_FLAGS |
  SCRIPT_VERIFY_DERSIG |
  SCRIPT_VERIFY_STRICTENC |
  SCRIPT_VERIFY_MINIMALDATA |
  SCRIPT_VERIFY_NULLDUMMY |
  SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS |
  SCRIPT_VERIFY_CLEANSTACK |
  SCRIPT_VERIFY_MINIMALIF |
  SCRIPT_VERIFY_NULLFAIL |
  SCRIPT_VERIFY_CHECKSEQUENCEVERIFY |
  SCRIPT_VERIFY_LOW_S |
  SCRIPT_VERIFY_WITNESS |
  SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM |
  SCRIPT_VERIFY_WITNESS_PUBKEYTYPE;

/** Standard flags that are not mandatory. */
export const STANDARD_NOT_MANDATORY_VERIFY_FLAGS = STANDARD_SCRIPT_VERIFY_FLAGS & ~MANDATORY_SCRIPT_VERIFY_FLAGS;

const FLAG_NAMES: Readonly<Record<string, number>> = {
  NONE: SCRIPT_VERIFY_NONE,
  P2SH: SCRIPT_VERIFY_P2SH,
  STRICTENC: SCRIPT_VERIFY_STRICTENC,
  DERSIG: SCRIPT_VERIFY_DERSIG,
  LOW_S: SCRIPT_VERIFY_LOW_S,
  SIGPUSHONLY: SCRIPT_VERIFY_SIGPUSHONLY,
  MINIMALDATA: SCRIPT_VERIFY_MINIMALDATA,
  NULLDUMMY: SCRIPT_VERIFY_NULLDUMMY,
  DISCOURAGE_UPGRADABLE_NOPS: SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS,
  CLEANSTACK: SCRIPT_VERIFY_CLEANSTACK,
  MINIMALIF: SCRIPT_VERIFY_MINIMALIF,
  NULLFAIL: SCRIPT_VERIFY_NULLFAIL,
  CHECKLOCKTIMEVERIFY: SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY,
  CHECKSEQUENCEVERIFY: SCRIPT_VERIFY_CHECKSEQUENCEVERIFY,
  WITNESS: SCRIPT_VERIFY_WITNESS,
  DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM: SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM,
  WITNESS_PUBKEYTYPE: SCRIPT_VERIFY_WITNESS_PUBKEYTYPE,
};

/**
 * Parse a comma-separated list of flag names without the `SCRIPT_VERIFY_` prefix (the unit-test
 * notation, e.g. `P2SH,STRICTENC`); the empty string is no flags. Throws on an unknown name.
 */
export function parseScriptFlags(s: string): number {
  if (s === '') return 0;
  let flags = 0;
  for (const word of s.split(',')) {
    const v = FLAG_NAMES[word];
    if (v === undefined) throw new RangeError(`unknown script verification flag: ${word}`);
    flags |= v;
  }
  return flags;
}

/** Comma-separated names of the set flags (inverse of {@link parseScriptFlags}). */
export function formatScriptFlags(flags: number): string {
  const out: string[] = [];
  for (const [name, bit] of Object.entries(FLAG_NAMES)) if (bit !== 0 && (flags & bit) !== 0) out.push(name);
  return out.join(',');
}
