/** Repeated timing with min and median: the machine is shared, so single runs mean little. */
export interface Timing {
  min: number;
  median: number;
  max: number;
}

export async function time(runs: number, body: (run: number) => unknown | Promise<unknown>): Promise<Timing> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await body(run);
    samples.push(performance.now() - start);
  }
  return summarise(samples);
}

export function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1] };
}

export function ms(t: Timing): string {
  return `${t.min.toFixed(1)} / ${t.median.toFixed(1)}`;
}
