/**
 * `PoissonNextSend(now, average_interval_seconds)`: the next time of a Poisson process with the
 * given mean interval — `now + ln(1 - u) * interval * -1` — in milliseconds here. `random` is
 * uniform in [0, 1) (injected for tests).
 */
export function poissonNextSend(nowMs: number, averageIntervalSeconds: number, random: () => number): number {
  return nowMs + Math.round(-Math.log1p(-random()) * averageIntervalSeconds * 1000);
}
