import { UntrustedText } from "@/components/ui/untrusted-text";
import type { AlertActivityEntry } from "@/lib/alerts/service";
import { Time } from "@/components/ui/time";

const VERBS: Record<string, string> = {
  opened: "Opened",
  updated: "Seen again",
  resolved: "Resolved",
  reopened: "Reopened",
  notified: "Notification",
};
const DOTS: Record<string, string> = {
  opened: "bg-rose-400",
  updated: "bg-slate-400",
  resolved: "bg-emerald-400",
  reopened: "bg-amber-400",
  notified: "bg-sky-400",
};

/** What happened to the alert, oldest first, with who did it and when. */
export function ActivityTimeline({ activities }: { activities: AlertActivityEntry[] }) {
  return (
    <ol className="space-y-4" aria-label="Activity">
      {activities.map((activity) => (
        <li key={activity.id} className="flex gap-3" data-testid="alert-activity">
          <span
            aria-hidden
            className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${DOTS[activity.action] ?? "bg-slate-500"}`}
          />
          <div className="min-w-0 text-sm">
            <p className="text-slate-200">
              <span className="font-medium text-white">{VERBS[activity.action] ?? activity.action}</span>
              {activity.action === "notified" ? null : (
                <>
                  {" "}
                  by <span className="font-medium">{activity.actorLabel}</span>
                </>
              )}
            </p>
            <p className="text-xs text-muted">
              <Time value={activity.at} format="absolute" />
            </p>
            {activity.message ? (
              <p className="mt-1 whitespace-pre-wrap break-words text-slate-300">
                <UntrustedText text={activity.message} />
              </p>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
