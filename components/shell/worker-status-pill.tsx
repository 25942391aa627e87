import type { WorkerStatus } from "@/lib/liveness/workers";
import { cn } from "@/lib/ui/cn";

const copy: Record<WorkerStatus["state"], { label: string; dot: string; help: string }> = {
  online: { label: "Worker online", dot: "bg-emerald-400", help: "Background pulls and alerts are running." },
  stopping: {
    label: "Worker stopping",
    dot: "bg-amber-400",
    help: "The worker is finishing its current jobs and shutting down.",
  },
  offline: {
    label: "Worker offline",
    dot: "bg-rose-500",
    help: "No worker has reported in recently, so nothing is pulled or alerted on. Start one with `npm run worker` (npm start runs one for you).",
  },
};

export function WorkerStatusPill({ status }: { status: WorkerStatus }) {
  const { label, dot, help } = copy[status.state];
  const detail =
    status.state === "online"
      ? `${help} ${status.liveWorkers} worker process${status.liveWorkers === 1 ? "" : "es"}.`
      : help;
  return (
    <span
      data-testid="worker-status"
      data-state={status.state}
      title={detail}
      className="inline-flex items-center gap-2 rounded-full border border-line bg-panel px-3 py-1 text-xs text-slate-200"
    >
      <span
        className={cn("h-2 w-2 rounded-full", dot, status.state === "online" && "animate-pulse")}
        aria-hidden="true"
      />
      {label}
      <span className="sr-only">. {detail}</span>
    </span>
  );
}
