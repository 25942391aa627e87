import Link from "next/link";
import { cn } from "@/lib/ui/cn";

export const SOURCE_TABS = [
  { id: "overview", label: "Overview" },
  { id: "health", label: "Health" },
  { id: "history", label: "Pull history" },
  { id: "failures", label: "Classification failures" },
  { id: "settings", label: "Settings" },
] as const;
export type SourceTabId = (typeof SOURCE_TABS)[number]["id"];

export function SourceTabs({
  sourceId,
  current,
  showSettings,
  failureCount,
}: {
  sourceId: string;
  current: SourceTabId;
  showSettings: boolean;
  failureCount: number;
}) {
  return (
    <nav aria-label="Source sections" className="mb-6 overflow-x-auto border-b border-line">
      <ul className="flex min-w-max gap-1">
        {SOURCE_TABS.filter((tab) => showSettings || tab.id !== "settings").map((tab) => (
          <li key={tab.id}>
            <Link
              href={`/log-sources/${sourceId}?tab=${tab.id}`}
              aria-current={current === tab.id ? "page" : undefined}
              className={cn(
                "inline-block border-b-2 px-4 py-2 text-sm",
                current === tab.id
                  ? "border-accent font-medium text-white"
                  : "border-transparent text-slate-300 hover:text-white",
              )}
            >
              {tab.label}
              {tab.id === "failures" && failureCount > 0 ? (
                <span className="ml-2 rounded-full bg-rose-500/20 px-2 text-xs text-rose-300">{failureCount}</span>
              ) : null}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
