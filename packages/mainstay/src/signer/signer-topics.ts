/** Topics of the Profile A signer PUB/SUB messages (spec mainstay.md §6.1). */
export const SignerTopic = {
  /** daemon → signers: 32 raw bytes, the latest confirmed root in internal order (zeros for the base). */
  ConfirmedHash: 'C',
  /** daemon → signers: framed list of pre-image transactions, one per input. */
  Transactions: 'T',
  /** signer → daemon: framed list of signatures (DER ‖ 0x01), one per pre-image, in input order. */
  Signatures: 'S',
} as const;

export type SignerTopic = (typeof SignerTopic)[keyof typeof SignerTopic];
