import type { HealthInput, SourceStateFacts } from "@/lib/sources/health/rules";

/**
 * What the health rules are given for a source that works, as of `now`: key checked 5
 * minutes ago, pulled a minute ago, last new event stored 2 minutes ago, no-events alert
 * on at 60 minutes. Tests change only what their case is about; `state: null` is a
 * source without a state row.
 */
export function healthInput(
  now: Date,
  state: Partial<SourceStateFacts> | null = {},
  rest: Partial<HealthInput> = {},
): HealthInput {
  const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  return {
    region: "us3",
    paused: false,
    pullIntervalMinutes: 1,
    noEventsAlertEnabled: true,
    noEventsThresholdMinutes: 60,
    createdAt: minutesAgo(600),
    recentFailures: 0,
    oldestRecentFailureAt: null,
    ...rest,
    state:
      state === null
        ? null
        : {
            credentialsStatus: "ok",
            credentialsCheckedAt: minutesAgo(5),
            credentialsMessage: null,
            lastSuccessfulPullAt: minutesAgo(1),
            lastEventStoredAt: minutesAgo(2),
            lastErrorKind: null,
            lastErrorMessage: null,
            lastErrorAt: null,
            consecutiveFailures: 0,
            ...state,
          },
  };
}
