import { Badge } from "@/components/ui/badge";
import { type Actor, ROLE_LABELS } from "@/lib/auth/roles";
import type { WorkerStatus } from "@/lib/liveness/workers";
import type { Theme } from "@/lib/ui/theme";
import { SignOutButton } from "./sign-out-button";
import { ThemeSwitcher } from "./theme-switcher";
import { WorkerStatusPill } from "./worker-status-pill";
import { UntrustedText } from "@/components/ui/untrusted-text";

export function Header({ actor, worker, theme }: { actor: Actor; worker: WorkerStatus; theme: Theme }) {
  return (
    <header className="flex h-14 items-center justify-end gap-4 border-b border-line bg-panel/60 px-4 pl-24 backdrop-blur lg:px-8">
      <WorkerStatusPill status={worker} />
      <ThemeSwitcher initial={theme} />
      <div className="flex items-center gap-3 border-l border-line pl-4">
        <div className="hidden text-right sm:block">
          <p className="text-sm font-medium leading-tight text-white" data-testid="current-user">
            <UntrustedText text={actor.name} />
          </p>
          <p className="text-xs leading-tight text-muted">{actor.email}</p>
        </div>
        <Badge tone={actor.role === "ADMIN" ? "info" : "neutral"}>{ROLE_LABELS[actor.role]}</Badge>
        <SignOutButton />
      </div>
    </header>
  );
}
