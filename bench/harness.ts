/**
 * Tiny benchmark harness: runs `fn` repeatedly for about `seconds`, three times, and reports the
 * median ops/s. Benchmarks report ratios within one run (the machine is shared and noisy); they are
 * never timed assertions.
 */
export interface BenchResult {
  name: string;
  opsPerSec: number;
}

export function measure(name: string, fn: () => void, seconds = 1): BenchResult {
  // warm-up
  const warmEnd = performance.now() + 150;
  while (performance.now() < warmEnd) fn();
  const rates: number[] = [];
  for (let round = 0; round < 3; round++) {
    let n = 0;
    const start = performance.now();
    const end = start + (seconds * 1000) / 3;
    let now = start;
    while (now < end) {
      for (let i = 0; i < 16; i++) fn();
      n += 16;
      now = performance.now();
    }
    rates.push((n * 1000) / (now - start));
  }
  rates.sort((a, b) => a - b);
  return { name, opsPerSec: rates[1]! };
}

export function report(results: BenchResult[], baseline?: BenchResult): void {
  for (const r of results) {
    const ratio = baseline ? `  ratio vs ${baseline.name}: ${(r.opsPerSec / baseline.opsPerSec).toFixed(3)}` : '';
    console.log(`${r.name.padEnd(52)} ${Math.round(r.opsPerSec).toString().padStart(10)} ops/s${ratio}`);
  }
}
