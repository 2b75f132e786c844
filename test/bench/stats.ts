// Summaries the bench files share.

/** The middle value (the mean of the two middle ones for an even count); 0 for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Max, mean and 99th percentile (nearest rank). */
export function spread(values: number[]): { max: number; mean: number; p99: number } {
  if (values.length === 0) return { max: 0, mean: 0, p99: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  return {
    max: sorted[sorted.length - 1] ?? 0,
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    p99: sorted[Math.ceil(0.99 * sorted.length) - 1] ?? 0,
  };
}
