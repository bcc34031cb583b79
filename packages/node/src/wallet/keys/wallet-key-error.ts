/**
 * Why a key-store operation was refused, as a machine-readable kind the RPC layer maps to Core's
 * error codes and messages:
 * - `locked`: the wallet is encrypted and locked (RPC_WALLET_UNLOCK_NEEDED, -13);
 * - `wrong-passphrase`: the passphrase does not decrypt the master key (RPC_WALLET_PASSPHRASE_INCORRECT, -14);
 * - `not-encrypted`: an unlock / lock / passphrase change on an unencrypted wallet (RPC_WALLET_WRONG_ENC_STATE, -15);
 * - `already-encrypted`: `encryptwallet` on an encrypted wallet (-15);
 * - `keypool-ran-out`: no pooled key and none can be made while locked (RPC_WALLET_KEYPOOL_RAN_OUT, -12);
 * - `unknown-key`: the wallet holds no private key for the key id (dumpprivkey: RPC_WALLET_ERROR, -4);
 * - `already-mine`: a watch-only import of something the wallet can already spend (-4);
 * - `invalid`: a malformed input (an invalid key or script; RPC_INVALID_ADDRESS_OR_KEY / -5 or -8);
 * - `hd-mismatch`: `-usehd` differs from how the wallet was created (an init error);
 * - `corrupt`: a stored record does not decode or does not match its key.
 */
export type WalletKeyErrorKind =
  | 'locked'
  | 'wrong-passphrase'
  | 'not-encrypted'
  | 'already-encrypted'
  | 'keypool-ran-out'
  | 'unknown-key'
  | 'already-mine'
  | 'invalid'
  | 'hd-mismatch'
  | 'corrupt';

export class WalletKeyError extends Error {
  override readonly name = 'WalletKeyError';

  constructor(
    readonly kind: WalletKeyErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
