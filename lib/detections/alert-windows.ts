/**
 * Dedup windows. A rule's matches on one source go to one alert as long as their event
 * times fall within the rule's window from the alert's first match; a match after that
 * opens a new alert. Windows are anchored on event time, not on when the runner happened
 * to run, so a backlog, a re-run after a crash or a second runner all group the same
 * events the same way. Nothing the events say (such as the actor) is part of the key:
 * see raise-matches.ts.
 *
 * The anchor is part of the alert's dedup key ("detection:<source>:<rule>#<ISO time>"),
 * which makes the alert service's one-open-alert-per-key rule do the grouping and lets
 * the runner find a rule's existing windows by prefix.
 */
export function alertKeyPrefix(sourceId: string, ruleId: string): string {
  return `detection:${sourceId}:${ruleId}#`;
}

export function alertDedupKey(prefix: string, anchor: Date): string {
  return `${prefix}${anchor.toISOString()}`;
}

/** The anchor of an alert key with this prefix, or null for a key this code did not write. */
export function anchorOf(prefix: string, dedupKey: string): Date | null {
  if (!dedupKey.startsWith(prefix)) return null;
  const time = Date.parse(dedupKey.slice(prefix.length));
  return Number.isNaN(time) ? null : new Date(time);
}

/**
 * Assigns matches (any order) to windows: each goes to the latest window that contains
 * its event time ([anchor, anchor + window)), or, failing that, opens a window anchored
 * at its own time. Matches are taken in event-time order so the earliest opens the
 * window. `anchors` are the windows the key already has (from earlier runs). Returns the
 * windows that received matches, in anchor order.
 */
export function assignWindows<T>(
  matches: readonly T[],
  timeOf: (match: T) => Date,
  anchors: readonly Date[],
  windowMinutes: number,
): { anchor: Date; matches: T[] }[] {
  const windowMs = windowMinutes * 60_000;
  const known = anchors.map((anchor) => anchor.getTime());
  const chunks = new Map<number, T[]>();
  const ordered = [...matches].sort((a, b) => timeOf(a).getTime() - timeOf(b).getTime());
  for (const match of ordered) {
    const time = timeOf(match).getTime();
    let anchor: number | undefined;
    for (const candidate of known) {
      if (candidate <= time && time < candidate + windowMs && (anchor === undefined || candidate > anchor))
        anchor = candidate;
    }
    if (anchor === undefined) {
      anchor = time;
      known.push(time);
    }
    const chunk = chunks.get(anchor);
    if (chunk) chunk.push(match);
    else chunks.set(anchor, [match]);
  }
  return [...chunks.entries()]
    .sort(([a], [b]) => a - b)
    .map(([anchor, chunk]) => ({ anchor: new Date(anchor), matches: chunk }));
}
