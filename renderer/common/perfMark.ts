/**
 * User Timing marks at the points the dashboard benchmark measures (a delta arriving, rows committed,
 * the results of a search starting to render). Visible in DevTools' performance panel too. Each name keeps only its latest
 * mark, so a long-running window does not collect them.
 */
export type PerfMarkName =
  | 'pam:snapshot-received'
  | 'pam:delta-received'
  | 'pam:delta-applied'
  | 'pam:rows-committed'
  | 'pam:search-settled'
  | 'pam:rows-shown';

export function perfMark(name: PerfMarkName): void {
  try {
    performance.clearMarks(name);
    performance.mark(name);
  } catch {
    // User Timing missing or full: measuring is never worth breaking the app for.
  }
}
