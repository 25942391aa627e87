"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { CheckboxList } from "@/components/ui/checkbox-list";
import { Select } from "@/components/ui/input";
import { PackLabel } from "@/components/sources/pack-label";
import type { DetectionPackSummary } from "@/lib/detections/catalog";
import { NO_EVENTS_THRESHOLDS } from "@/lib/sources/schemas";
import { formatDateTime } from "@/lib/ui/format";
import type { OnboardingDraft } from "./draft";
import type { SetupResult } from "./setup-step";

/** "Everything looks good!": what Intake found, and the last choices before the source is created. */
export function SuccessStep({
  result,
  draft,
  packs,
  onChange,
  onFinish,
  onBack,
}: {
  result: SetupResult;
  draft: OnboardingDraft;
  packs: DetectionPackSummary[];
  onChange: (patch: Partial<OnboardingDraft>) => void;
  onFinish: () => Promise<{ error: string } | null>;
  onBack: () => void;
}) {
  const [finishing, setFinishing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosenLogs = draft.auditLogIds.length ? draft.auditLogIds : result.auditLogs.map((log) => log.id);

  const finish = async () => {
    setFinishing(true);
    setError(null);
    const outcome = await onFinish();
    if (outcome) {
      setError(outcome.error);
      setFinishing(false);
    }
  };

  return (
    <div className="space-y-8">
      <div className="flex items-start gap-4 rounded-lg border border-emerald-700/50 bg-emerald-950/30 p-5">
        <span className="flex h-10 w-10 shrink-0 items-center justify-center rounded-full bg-emerald-500/20 text-xl text-emerald-300" aria-hidden="true">
          ✓
        </span>
        <div>
          <h2 className="text-lg font-semibold text-white">Everything looks good!</h2>
          <p className="mt-1 text-sm text-slate-200">Intake will now automatically pull &amp; process logs from your account.</p>
          <p className="mt-1 text-xs text-muted">Nothing is stored until you press Finish; the first pull starts right after.</p>
        </div>
      </div>

      <section aria-labelledby="preview-title">
        <h3 id="preview-title" className="text-sm font-semibold uppercase tracking-wide text-muted">
          Your latest audit events, as Intake will store them
        </h3>
        {result.preview.length === 0 ? (
          <p className="mt-2 text-sm text-slate-300">
            No audit events in the last 7 days yet. That is fine: Intake stores them as soon as Rapid7 records some.
          </p>
        ) : (
          <div className="mt-2 overflow-x-auto rounded-lg border border-line">
            <table className="w-full min-w-[640px] text-left text-sm" data-testid="setup-preview">
              <thead className="bg-panel text-xs uppercase tracking-wide text-muted">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">Time (p_event_time)</th>
                  <th scope="col" className="px-3 py-2 font-medium">Action</th>
                  <th scope="col" className="px-3 py-2 font-medium">Result</th>
                  <th scope="col" className="px-3 py-2 font-medium">Who</th>
                  <th scope="col" className="px-3 py-2 font-medium">Description</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-line">
                {result.preview.map((event, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a static preview list
                  <tr key={index}>
                    <td className="whitespace-nowrap px-3 py-2 text-slate-300">{formatDateTime(event.time)}</td>
                    <td className="px-3 py-2 font-mono text-xs text-white">{event.action}</td>
                    <td className="px-3 py-2 text-slate-300">{event.result ?? "—"}</td>
                    <td className="px-3 py-2 text-slate-300">{event.who ?? "—"}</td>
                    <td className="max-w-xs truncate px-3 py-2 text-slate-300" title={event.description ?? undefined}>
                      {event.description ?? "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {result.unparsed > 0 ? (
          <p className="mt-2 text-xs text-amber-300">
            {result.unparsed} of the {result.scanned} entries read did not match Rapid7.AuditLog; Intake will keep them as classification failures you can inspect.
          </p>
        ) : null}
      </section>

      <CheckboxList
        legend="Audit logs to pull"
        items={result.auditLogs}
        value={chosenLogs}
        onChange={(next) => onChange({ auditLogIds: next })}
        render={(log) => (
          <>
            {log.name} {log.logsetName ? <span className="text-xs text-muted">in {log.logsetName}</span> : null}
          </>
        )}
        error={chosenLogs.length === 0 ? "Choose at least one audit log." : undefined}
      />

      <section aria-labelledby="packs-title">
        <h3 id="packs-title" className="text-sm font-semibold uppercase tracking-wide text-muted">
          Detection Packs <span className="normal-case text-muted">(optional)</span>
        </h3>
        {packs.length === 0 ? (
          <p className="mt-2 text-sm text-slate-300">No detection packs are available for Rapid7.AuditLog in this version of Intake. You can enable packs later from the source's settings.</p>
        ) : (
          <div className="mt-2">
            <CheckboxList legend={<span className="sr-only">Packs to enable</span>} items={packs} value={draft.detectionPacks} onChange={(next) => onChange({ detectionPacks: next })} render={(pack) => <PackLabel pack={pack} />} />
          </div>
        )}
      </section>

      <section aria-labelledby="no-events-title" className="space-y-4 rounded-lg border border-line bg-panel p-5">
        <div className="flex items-center justify-between gap-4">
          <h3 id="no-events-title" className="text-sm font-medium text-white">
            Trigger an alert when no events are processed
          </h3>
          <button
            type="button"
            role="switch"
            aria-checked={draft.noEventsAlertEnabled}
            aria-labelledby="no-events-title"
            onClick={() => onChange({ noEventsAlertEnabled: !draft.noEventsAlertEnabled })}
            className={`inline-flex h-7 w-16 items-center rounded-full px-1 text-xs font-semibold transition-colors ${draft.noEventsAlertEnabled ? "bg-accent text-white" : "bg-panel-raised text-muted"}`}
            data-testid="no-events-toggle"
          >
            <span className={draft.noEventsAlertEnabled ? "ml-1" : "ml-auto mr-1"}>{draft.noEventsAlertEnabled ? "YES" : "NO"}</span>
          </button>
        </div>
        <div>
          <label htmlFor="threshold" className="block text-sm text-slate-200">
            How long should Intake wait before it sends you an alert that no events have been processed?
          </label>
          <Select
            id="threshold"
            className="mt-2 w-48"
            value={draft.noEventsThresholdMinutes}
            disabled={!draft.noEventsAlertEnabled}
            onChange={(event) => onChange({ noEventsThresholdMinutes: Number(event.target.value) })}
          >
            {NO_EVENTS_THRESHOLDS.map((choice) => (
              <option key={choice.minutes} value={choice.minutes}>
                {choice.label}
              </option>
            ))}
          </Select>
          <p className="mt-1 text-xs text-muted">Recommended: leave this on, so you hear about it when data stops flowing.</p>
        </div>
      </section>

      {error ? <Callout tone="error" title="The source was not created">{error}</Callout> : null}
      <div className="flex items-center gap-3 border-t border-line pt-6">
        <Button onClick={finish} loading={finishing} disabled={chosenLogs.length === 0}>
          {finishing ? "Creating the source…" : "Finish"}
        </Button>
        <Button variant="ghost" onClick={onBack} disabled={finishing}>
          Back
        </Button>
      </div>
    </div>
  );
}
