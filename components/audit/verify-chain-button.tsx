"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { verifyAuditChainStepAction } from "@/lib/audit/actions/verify-audit-chain";

type State =
  | { phase: "idle" }
  | { phase: "running"; checked: number; throughId: string | null; newestId: string | null }
  | { phase: "done"; message: string }
  | { phase: "failed"; message: string };

const count = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "entry" : "entries"}`;

/**
 * Verifies the whole chain in steps (each a server action call), showing how far it got;
 * the outcome is recorded on the server, and the page refreshes to show it.
 */
export function VerifyChainButton() {
  const router = useRouter();
  const [state, setState] = useState<State>({ phase: "idle" });

  async function verify() {
    setState({ phase: "running", checked: 0, throughId: null, newestId: null });
    let continuation: string | undefined;
    for (;;) {
      const result = await verifyAuditChainStepAction({ continuation });
      if (!result.ok) return setState({ phase: "failed", message: result.error.message });
      const step = result.data;
      if (step.done) {
        setState({
          phase: "done",
          message: step.result.ok
            ? `Whole chain verified: ${count(step.result.checked)} intact.`
            : `Chain broken at entry #${step.result.firstBrokenId}.`,
        });
        router.refresh();
        return;
      }
      setState({ phase: "running", checked: step.checked, throughId: step.throughId, newestId: step.newestId });
      continuation = step.continuation;
    }
  }

  const running = state.phase === "running";
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" size="sm" loading={running} onClick={verify}>
        {running ? "Verifying…" : "Verify whole chain"}
      </Button>
      <span role="status" className="text-xs" data-testid="chain-verification-progress">
        {running
          ? `Checked ${count(state.checked)}${state.throughId && state.newestId ? ` (through #${state.throughId} of #${state.newestId})` : ""}…`
          : state.phase === "done" || state.phase === "failed"
            ? state.message
            : ""}
      </span>
      {running && state.throughId && state.newestId ? (
        <progress
          className="h-1.5 w-40"
          max={Number(state.newestId)}
          value={Number(state.throughId)}
          aria-label="Verification progress"
        />
      ) : null}
    </div>
  );
}
