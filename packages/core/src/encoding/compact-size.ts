/** Largest length/count the original accepts in a CompactSize (`MAX_SIZE`). */
export const MAX_SIZE = 0x02000000;

/** Encoded length of a CompactSize. */
export function compactSizeLength(n: number): number {
  if (n < 0xfd) return 1;
  if (n <= 0xffff) return 3;
  if (n <= 0xffffffff) return 5;
  return 9;
}
