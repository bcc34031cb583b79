import { KeyspaceLayout } from '../../storage/layout.js';

/**
 * Key layout of the wallet ledger (the wallet's transactions). It shares the node's store with the
 * chain (`CHAIN_LAYOUT`, 0x62..0x78) and the wallet key store (`WALLET_KEYS_LAYOUT`, 0x80..0x87).
 * Every event the ledger follows is one atomic batch: changed transaction records, the ledger's
 * block table and its tip, so a kill at any instant reopens with the ledger at one block.
 * Transaction ids and hashes are in internal byte order.
 */
export const WALLET_LEDGER_LAYOUT = new KeyspaceLayout('wallet-ledger', 1, {
  tx: {
    byte: 0x90,
    description:
      'txid -> wallet tx record: u8 version || var tx || u8 status (+ block hash, u32le height, u32le index) || u8 flags || ' +
      'i64le received || i64le smart time || u64le order || var from-account || values || known output blinding data',
  },
  block: { byte: 0x91, description: 'u32be height -> hash of the block the ledger connected at that height (fork point on restart)' },
  tip: { byte: 0x92, description: '-> hash || u32le height of the last block the ledger connected' },
});

export type WalletLedgerPrefix = Parameters<typeof WALLET_LEDGER_LAYOUT.key>[0];

/** The tip record's key. */
export const LEDGER_TIP_KEY = WALLET_LEDGER_LAYOUT.key('tip');
