/**
 * Script errors: Bitcoin Core 0.14's `ScriptError` (src/script/script_error.h). Keys are the names
 * without the `SCRIPT_ERR_` prefix (as the unit-test data spells them, except that the test data
 * says `NULLFAIL` for `SIG_NULLFAIL`); values are the full Core names.
 */
export const ScriptError = {
  OK: 'SCRIPT_ERR_OK',
  UNKNOWN_ERROR: 'SCRIPT_ERR_UNKNOWN_ERROR',
  EVAL_FALSE: 'SCRIPT_ERR_EVAL_FALSE',
  OP_RETURN: 'SCRIPT_ERR_OP_RETURN',

  // max sizes
  SCRIPT_SIZE: 'SCRIPT_ERR_SCRIPT_SIZE',
  PUSH_SIZE: 'SCRIPT_ERR_PUSH_SIZE',
  OP_COUNT: 'SCRIPT_ERR_OP_COUNT',
  STACK_SIZE: 'SCRIPT_ERR_STACK_SIZE',
  SIG_COUNT: 'SCRIPT_ERR_SIG_COUNT',
  PUBKEY_COUNT: 'SCRIPT_ERR_PUBKEY_COUNT',

  // failed verify operations
  VERIFY: 'SCRIPT_ERR_VERIFY',
  EQUALVERIFY: 'SCRIPT_ERR_EQUALVERIFY',
  CHECKMULTISIGVERIFY: 'SCRIPT_ERR_CHECKMULTISIGVERIFY',
  CHECKSIGVERIFY: 'SCRIPT_ERR_CHECKSIGVERIFY',
  NUMEQUALVERIFY: 'SCRIPT_ERR_NUMEQUALVERIFY',

  // logical / format / canonical errors
  BAD_OPCODE: 'SCRIPT_ERR_BAD_OPCODE',
  DISABLED_OPCODE: 'SCRIPT_ERR_DISABLED_OPCODE',
  INVALID_STACK_OPERATION: 'SCRIPT_ERR_INVALID_STACK_OPERATION',
  INVALID_ALTSTACK_OPERATION: 'SCRIPT_ERR_INVALID_ALTSTACK_OPERATION',
  UNBALANCED_CONDITIONAL: 'SCRIPT_ERR_UNBALANCED_CONDITIONAL',

  // CHECKLOCKTIMEVERIFY and CHECKSEQUENCEVERIFY
  NEGATIVE_LOCKTIME: 'SCRIPT_ERR_NEGATIVE_LOCKTIME',
  UNSATISFIED_LOCKTIME: 'SCRIPT_ERR_UNSATISFIED_LOCKTIME',

  // malleability
  SIG_HASHTYPE: 'SCRIPT_ERR_SIG_HASHTYPE',
  SIG_DER: 'SCRIPT_ERR_SIG_DER',
  MINIMALDATA: 'SCRIPT_ERR_MINIMALDATA',
  SIG_PUSHONLY: 'SCRIPT_ERR_SIG_PUSHONLY',
  SIG_HIGH_S: 'SCRIPT_ERR_SIG_HIGH_S',
  SIG_NULLDUMMY: 'SCRIPT_ERR_SIG_NULLDUMMY',
  PUBKEYTYPE: 'SCRIPT_ERR_PUBKEYTYPE',
  CLEANSTACK: 'SCRIPT_ERR_CLEANSTACK',
  MINIMALIF: 'SCRIPT_ERR_MINIMALIF',
  SIG_NULLFAIL: 'SCRIPT_ERR_SIG_NULLFAIL',

  // softfork safeness
  DISCOURAGE_UPGRADABLE_NOPS: 'SCRIPT_ERR_DISCOURAGE_UPGRADABLE_NOPS',
  DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM: 'SCRIPT_ERR_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM',

  // segregated witness
  WITNESS_PROGRAM_WRONG_LENGTH: 'SCRIPT_ERR_WITNESS_PROGRAM_WRONG_LENGTH',
  WITNESS_PROGRAM_WITNESS_EMPTY: 'SCRIPT_ERR_WITNESS_PROGRAM_WITNESS_EMPTY',
  WITNESS_PROGRAM_MISMATCH: 'SCRIPT_ERR_WITNESS_PROGRAM_MISMATCH',
  WITNESS_MALLEATED: 'SCRIPT_ERR_WITNESS_MALLEATED',
  WITNESS_MALLEATED_P2SH: 'SCRIPT_ERR_WITNESS_MALLEATED_P2SH',
  WITNESS_UNEXPECTED: 'SCRIPT_ERR_WITNESS_UNEXPECTED',
  WITNESS_PUBKEYTYPE: 'SCRIPT_ERR_WITNESS_PUBKEYTYPE',
} as const;

export type ScriptError = (typeof ScriptError)[keyof typeof ScriptError];

const MESSAGES: Record<ScriptError, string> = {
  SCRIPT_ERR_OK: 'No error',
  SCRIPT_ERR_EVAL_FALSE: 'Script evaluated without error but finished with a false/empty top stack element',
  SCRIPT_ERR_VERIFY: 'Script failed an OP_VERIFY operation',
  SCRIPT_ERR_EQUALVERIFY: 'Script failed an OP_EQUALVERIFY operation',
  SCRIPT_ERR_CHECKMULTISIGVERIFY: 'Script failed an OP_CHECKMULTISIGVERIFY operation',
  SCRIPT_ERR_CHECKSIGVERIFY: 'Script failed an OP_CHECKSIGVERIFY operation',
  SCRIPT_ERR_NUMEQUALVERIFY: 'Script failed an OP_NUMEQUALVERIFY operation',
  SCRIPT_ERR_SCRIPT_SIZE: 'Script is too big',
  SCRIPT_ERR_PUSH_SIZE: 'Push value size limit exceeded',
  SCRIPT_ERR_OP_COUNT: 'Operation limit exceeded',
  SCRIPT_ERR_STACK_SIZE: 'Stack size limit exceeded',
  SCRIPT_ERR_SIG_COUNT: 'Signature count negative or greater than pubkey count',
  SCRIPT_ERR_PUBKEY_COUNT: 'Pubkey count negative or limit exceeded',
  SCRIPT_ERR_BAD_OPCODE: 'Opcode missing or not understood',
  SCRIPT_ERR_DISABLED_OPCODE: 'Attempted to use a disabled opcode',
  SCRIPT_ERR_INVALID_STACK_OPERATION: 'Operation not valid with the current stack size',
  SCRIPT_ERR_INVALID_ALTSTACK_OPERATION: 'Operation not valid with the current altstack size',
  SCRIPT_ERR_OP_RETURN: 'OP_RETURN was encountered',
  SCRIPT_ERR_UNBALANCED_CONDITIONAL: 'Invalid OP_IF construction',
  SCRIPT_ERR_NEGATIVE_LOCKTIME: 'Negative locktime',
  SCRIPT_ERR_UNSATISFIED_LOCKTIME: 'Locktime requirement not satisfied',
  SCRIPT_ERR_SIG_HASHTYPE: 'Signature hash type missing or not understood',
  SCRIPT_ERR_SIG_DER: 'Non-canonical DER signature',
  SCRIPT_ERR_MINIMALDATA: 'Data push larger than necessary',
  SCRIPT_ERR_SIG_PUSHONLY: 'Only non-push operators allowed in signatures',
  SCRIPT_ERR_SIG_HIGH_S: 'Non-canonical signature: S value is unnecessarily high',
  SCRIPT_ERR_SIG_NULLDUMMY: 'Dummy CHECKMULTISIG argument must be zero',
  SCRIPT_ERR_MINIMALIF: 'OP_IF/NOTIF argument must be minimal',
  SCRIPT_ERR_SIG_NULLFAIL: 'Signature must be zero for failed CHECK(MULTI)SIG operation',
  SCRIPT_ERR_DISCOURAGE_UPGRADABLE_NOPS: 'NOPx reserved for soft-fork upgrades',
  SCRIPT_ERR_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM: 'Witness version reserved for soft-fork upgrades',
  SCRIPT_ERR_PUBKEYTYPE: 'Public key is neither compressed or uncompressed',
  SCRIPT_ERR_CLEANSTACK: 'Extra items left on stack after execution',
  SCRIPT_ERR_WITNESS_PROGRAM_WRONG_LENGTH: 'Witness program has incorrect length',
  SCRIPT_ERR_WITNESS_PROGRAM_WITNESS_EMPTY: 'Witness program was passed an empty witness',
  SCRIPT_ERR_WITNESS_PROGRAM_MISMATCH: 'Witness program hash mismatch',
  SCRIPT_ERR_WITNESS_MALLEATED: 'Witness requires empty scriptSig',
  SCRIPT_ERR_WITNESS_MALLEATED_P2SH: 'Witness requires only-redeemscript scriptSig',
  SCRIPT_ERR_WITNESS_UNEXPECTED: 'Witness provided for non-witness script',
  SCRIPT_ERR_WITNESS_PUBKEYTYPE: 'Using non-compressed keys in segwit',
  SCRIPT_ERR_UNKNOWN_ERROR: 'unknown error',
};

/**
 * Core's `ScriptErrorString`: the text the node puts into reject reasons
 * (`mandatory-script-verify-flag-failed (<text>)`).
 */
export function scriptErrorString(err: ScriptError): string {
  return MESSAGES[err] ?? 'unknown error';
}

/** Parse a short (`EVAL_FALSE`) or full (`SCRIPT_ERR_EVAL_FALSE`) name; undefined if unknown. */
export function scriptErrorFromName(name: string): ScriptError | undefined {
  const short = name.startsWith('SCRIPT_ERR_') ? name.slice('SCRIPT_ERR_'.length) : name;
  const key = short === 'NULLFAIL' ? 'SIG_NULLFAIL' : short;
  return Object.prototype.hasOwnProperty.call(ScriptError, key) ? ScriptError[key as keyof typeof ScriptError] : undefined;
}
