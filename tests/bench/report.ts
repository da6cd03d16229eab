export interface Row {
  name: string;
  value: number;
  /** The same work done by the simplest thing that could do it, in the same run. */
  baseline: number;
  unit: string;
  /** The ratio value/baseline may not exceed this; undefined means report only. */
  budgetRatio?: number;
  /** An absolute ceiling for the value, in its unit. */
  max?: number;
  /** An absolute floor for the value, in its unit (throughputs, counts that must be reached). */
  min?: number;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? NaN;
}

/** Prints the figures and returns false when a budget is exceeded. */
export function printTable(rows: readonly Row[]): boolean {
  let within = true;
  console.log('| benchmark | Plaza | baseline | ratio | budget |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const row of rows) {
    const ratio = row.value / row.baseline;
    const ok =
      (row.budgetRatio === undefined || ratio <= row.budgetRatio) && (row.max === undefined || row.value <= row.max) && (row.min === undefined || row.value >= row.min);
    within &&= ok;
    const limits = [
      row.budgetRatio !== undefined ? `≤ ${row.budgetRatio}×` : '',
      row.max !== undefined ? `≤ ${row.max} ${row.unit}` : '',
      row.min !== undefined ? `≥ ${row.min} ${row.unit}` : '',
    ].filter(Boolean);
    const verdict = ok ? 'ok' : row.min !== undefined && row.value < row.min ? 'NOT REACHED' : 'EXCEEDED';
    const budget = limits.length === 0 ? 'report' : `${limits.join(', ')} ${verdict}`;
    console.log(`| ${row.name} | ${row.value.toFixed(2)} ${row.unit} | ${row.baseline.toFixed(2)} ${row.unit} | ${ratio.toFixed(2)}× | ${budget} |`);
  }
  return within;
}
