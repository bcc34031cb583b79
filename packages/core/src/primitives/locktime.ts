/** nLockTime / CLTV values below this are block heights, otherwise UNIX times. */
export const LOCKTIME_THRESHOLD = 500_000_000;
/** BIP68: a sequence with this bit set has no relative lock. */
export const SEQUENCE_LOCKTIME_DISABLE_FLAG = 0x80000000;
/** BIP68: set → the relative lock counts time (units of 512 s), clear → blocks. */
export const SEQUENCE_LOCKTIME_TYPE_FLAG = 0x00400000;
/** BIP68: the relative lock value bits. */
export const SEQUENCE_LOCKTIME_MASK = 0x0000ffff;
/** Time-based relative locks count units of 2^9 = 512 seconds. */
export const SEQUENCE_LOCKTIME_GRANULARITY = 9;
