/**
 * Wallet encryption RPCs (Core 0.14 `rpcwallet.cpp`): encryptwallet (then the node stops and the
 * wallet file is rewritten, ADR 0024), walletpassphrase, walletlock, walletpassphrasechange.
 */
import { RPC_MISC_ERROR, RPC_WALLET_ENCRYPTION_FAILED, RPC_WALLET_WRONG_ENC_STATE, RpcError } from '../server/rpc-error.js';
import type { RpcMethod } from '../server/rpc-method.js';
import type { NodeRpcContext } from './context.js';
import { methodFactory } from './method-factory.js';
import { getInt64, getStr } from './univalue-params.js';
import { audit, walletCall, walletOf } from './wallet-util.js';

/** `encryptwallet`'s result (Core 0.14's text). */
export const ENCRYPT_WALLET_RESULT =
  'wallet encrypted; Bitcoin server stopping, restart to run with encrypted wallet. The keypool has been flushed and a new HD seed was generated (if you are using HD). You need to make a new backup.';

const ENCRYPT_HELP = 'encryptwallet "passphrase"\n\nEncrypts the wallet with \'passphrase\'. This is for first time encryption.\nAfter this, any calls that interact with private keys such as sending or signing \nwill require the passphrase to be set prior the making these calls.\nUse the walletpassphrase call for this, and then walletlock call.\nIf the wallet is already encrypted, use the walletpassphrasechange call.\nNote that this will shutdown the server.';
const PASSPHRASE_HELP = 'walletpassphrase "passphrase" timeout\n\nStores the wallet decryption key in memory for \'timeout\' seconds.\nThis is needed prior to performing transactions related to private keys such as sending bitcoins';
const LOCK_HELP = 'walletlock\n\nRemoves the wallet encryption key from memory, locking the wallet.\nAfter calling this method, you will need to call walletpassphrase again\nbefore being able to call any methods which require the wallet to be unlocked.';
const CHANGE_HELP = 'walletpassphrasechange "oldpassphrase" "newpassphrase"\n\nChanges the wallet passphrase from \'oldpassphrase\' to \'newpassphrase\'.';

function usage(help: string): RpcError {
  return new RpcError(RPC_MISC_ERROR, help);
}

export function walletEncryptionMethods(ctx: NodeRpcContext): RpcMethod[] {
  const m = methodFactory('wallet');
  // Core checks the parameter count only in the encryption state where the call makes sense.
  const free = { minArgs: undefined, maxArgs: undefined };
  return [
    m(
      'encryptwallet',
      ['passphrase'],
      ENCRYPT_HELP,
      (p, call) =>
        walletCall(async () => {
          const w = walletOf(ctx);
          if (!w.keys.isCrypted && p.length !== 1) throw usage(ENCRYPT_HELP);
          if (w.keys.isCrypted) throw new RpcError(RPC_WALLET_WRONG_ENC_STATE, 'Error: running with an encrypted wallet, but encryptwallet was called.');
          const pass = getStr(p[0]);
          if (pass.length < 1) throw usage('encryptwallet <passphrase>\nEncrypts the wallet with <passphrase>.');
          try {
            await w.keys.encrypt(pass);
          } catch {
            throw new RpcError(RPC_WALLET_ENCRYPTION_FAILED, 'Error: Failed to encrypt the wallet.');
          }
          audit(w, call);
          // As Core's StartShutdown: the reply is sent, then the node stops and rewrites the file.
          w.requestRewriteAndShutdown();
          return ENCRYPT_WALLET_RESULT;
        }),
      free,
    ),
    m(
      'walletpassphrase',
      ['passphrase', 'timeout'],
      PASSPHRASE_HELP,
      (p, call) =>
        walletCall(async () => {
          const w = walletOf(ctx);
          if (w.keys.isCrypted && p.length !== 2) throw usage(PASSPHRASE_HELP);
          if (!w.keys.isCrypted) throw new RpcError(RPC_WALLET_WRONG_ENC_STATE, 'Error: running with an unencrypted wallet, but walletpassphrase was called.');
          const pass = getStr(p[0]);
          if (pass.length === 0) throw usage('walletpassphrase <passphrase> <timeout>\nStores the wallet decryption key in memory for <timeout> seconds.');
          const timeout = Number(getInt64(p[1]));
          w.keys.unlock(pass, timeout);
          await w.keys.topUpKeyPool();
          audit(w, call, String(timeout));
          return null;
        }),
      free,
    ),
    m(
      'walletlock',
      [],
      LOCK_HELP,
      (p, call) => {
        const w = walletOf(ctx);
        if (w.keys.isCrypted && p.length !== 0) throw usage(LOCK_HELP);
        if (!w.keys.isCrypted) throw new RpcError(RPC_WALLET_WRONG_ENC_STATE, 'Error: running with an unencrypted wallet, but walletlock was called.');
        w.keys.lock();
        audit(w, call);
        return null;
      },
      free,
    ),
    m(
      'walletpassphrasechange',
      ['oldpassphrase', 'newpassphrase'],
      CHANGE_HELP,
      (p, call) =>
        walletCall(async () => {
          const w = walletOf(ctx);
          if (w.keys.isCrypted && p.length !== 2) throw usage(CHANGE_HELP);
          if (!w.keys.isCrypted) throw new RpcError(RPC_WALLET_WRONG_ENC_STATE, 'Error: running with an unencrypted wallet, but walletpassphrasechange was called.');
          const oldPass = getStr(p[0]);
          const newPass = getStr(p[1]);
          if (oldPass.length < 1 || newPass.length < 1) {
            throw usage('walletpassphrasechange <oldpassphrase> <newpassphrase>\nChanges the wallet passphrase from <oldpassphrase> to <newpassphrase>.');
          }
          await w.keys.changePassphrase(oldPass, newPass);
          audit(w, call);
          return null;
        }),
      free,
    ),
  ];
}
