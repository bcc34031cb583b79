/**
 * A set that forgets its oldest members beyond `capacity` — Core's `CRollingBloomFilter` without
 * false positives (`filterInventoryKnown`, `recentRejects`).
 */
export class RollingSet {
  private readonly items = new Set<string>();

  constructor(private readonly capacity: number) {}

  has(key: string): boolean {
    return this.items.has(key);
  }

  add(key: string): void {
    if (this.items.has(key)) return;
    this.items.add(key);
    if (this.items.size > this.capacity) {
      const oldest = this.items.values().next().value as string;
      this.items.delete(oldest);
    }
  }

  clear(): void {
    this.items.clear();
  }

  get size(): number {
    return this.items.size;
  }
}
