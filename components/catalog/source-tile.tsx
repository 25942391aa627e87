import type { SourceType } from "@/lib/catalog/source-types";

export function SourceLogo({ id }: { id: string }) {
  if (id === "rapid7") {
    return (
      <svg viewBox="0 0 40 40" className="h-10 w-10" aria-hidden="true">
        <rect width="40" height="40" rx="8" fill="#e85e26" />
        <path
          d="M12 11h9.5c4.4 0 7 2.3 7 5.9 0 2.7-1.5 4.6-4 5.4l4.7 6.7h-4.7l-4.1-6.2H16V29h-4V11zm4 3.4v5.1h5.2c2 0 3.2-1 3.2-2.6s-1.2-2.5-3.2-2.5H16z"
          fill="white"
        />
      </svg>
    );
  }
  return (
    <span className="flex h-10 w-10 items-center justify-center rounded-lg bg-panel-raised text-sm font-semibold text-white">
      {id.slice(0, 2).toUpperCase()}
    </span>
  );
}

export function SourceTile({ type, onSelect }: { type: SourceType; onSelect: () => void }) {
  return (
    <button
      type="button"
      onClick={onSelect}
      data-testid={`source-tile-${type.id}`}
      className="flex h-full flex-col items-start gap-3 rounded-lg border border-line bg-panel p-5 text-left transition-colors hover:border-accent focus-visible:border-accent"
    >
      <SourceLogo id={type.id} />
      <span>
        <span className="block font-semibold text-white">{type.name}</span>
        <span className="block text-xs text-muted">{type.category}</span>
      </span>
      <span className="text-sm text-slate-300">{type.summary}</span>
      <span className="mt-auto flex flex-wrap gap-1">
        {type.logTypes.map((logType) => (
          <span key={logType} className="rounded bg-panel-raised px-2 py-0.5 font-mono text-xs text-slate-300">
            {logType}
          </span>
        ))}
      </span>
    </button>
  );
}
