// A manual clock for the attestation service's tests (milliseconds since the epoch).
export class FakeClock {
  constructor(private ms = 1_700_000_000_000) {}

  now(): number {
    return this.ms;
  }

  advance(ms: number): void {
    if (ms > 0) this.ms += ms;
  }
}
