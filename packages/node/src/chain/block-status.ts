/** Block index status flags (a subset of Core's `BlockStatus`, as bits of one byte). */
export const BlockStatus = {
  /** The full block is stored. */
  HAVE_DATA: 0x01,
  /** The header passed the context-free and contextual checks. */
  VALID_HEADER: 0x02,
  /** The block was connected (scripts valid) at least once. */
  VALID_SCRIPTS: 0x04,
  /** The block itself failed validation (or was invalidated). */
  FAILED: 0x08,
  /** An ancestor failed. */
  FAILED_CHILD: 0x10,
} as const;

export const FAILED_MASK = BlockStatus.FAILED | BlockStatus.FAILED_CHILD;
