export function Logo({ compact = false }: { compact?: boolean }) {
  return (
    <span className="inline-flex items-center gap-2 text-white">
      <svg viewBox="0 0 32 32" className="h-7 w-7" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="#4f7cff" />
        <path d="M9 10h14M9 16h10M9 22h6" stroke="white" strokeWidth="2.5" strokeLinecap="round" />
        <circle cx="23" cy="22" r="3" fill="white" />
      </svg>
      {compact ? null : <span className="text-lg font-semibold tracking-tight">Intake</span>}
    </span>
  );
}
