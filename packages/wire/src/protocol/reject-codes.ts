/** BIP61 reject codes (`REJECT_*` of Core 0.14) plus Ocean's `REJECT_PEGIN`. */
export const REJECT_MALFORMED = 0x01;
export const REJECT_INVALID = 0x10;
export const REJECT_OBSOLETE = 0x11;
export const REJECT_DUPLICATE = 0x12;
export const REJECT_NONSTANDARD = 0x40;
export const REJECT_DUST = 0x41;
export const REJECT_INSUFFICIENTFEE = 0x42;
export const REJECT_CHECKPOINT = 0x43;
/** Ocean: a peg-in claim that cannot be checked against the parent chain. */
export const REJECT_PEGIN = 0x44;
