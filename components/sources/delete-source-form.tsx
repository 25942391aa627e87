"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Field, describedBy } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { deleteSourceAction } from "@/lib/sources/actions/delete-source";
import { markInvisible } from "@/lib/ui/invisible-characters";

export function DeleteSourceForm({ sourceId, name }: { sourceId: string; name: string }) {
  const router = useRouter();
  const [keepEvents, setKeepEvents] = useState(true);
  const [confirmName, setConfirmName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(null);
    const result = await deleteSourceAction({ sourceId, confirmName, keepEvents });
    if (!result.ok) {
      setError(result.error.fieldErrors.confirmName ?? result.error.message);
      setBusy(false);
      return;
    }
    router.push("/log-sources");
    router.refresh();
  };

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-300">
        Deleting stops all pulls and erases the stored API key. Choose what happens to the events already stored:
      </p>
      <fieldset className="space-y-2">
        <legend className="sr-only">Stored events</legend>
        <label className="flex items-start gap-3 text-sm text-slate-200">
          <input
            type="radio"
            name="events"
            className="mt-1"
            checked={keepEvents}
            onChange={() => setKeepEvents(true)}
          />
          <span>
            <span className="block text-white">Keep the events</span>
            They stay searchable under this source&apos;s name until its retention period ends. The name becomes free
            for a new source.
          </span>
        </label>
        <label className="flex items-start gap-3 text-sm text-slate-200">
          <input
            type="radio"
            name="events"
            className="mt-1"
            checked={!keepEvents}
            onChange={() => setKeepEvents(false)}
          />
          <span>
            <span className="block text-white">Purge the events</span>
            Every stored event, classification failure and pull record of this source is deleted now. This cannot be
            undone.
          </span>
        </label>
      </fieldset>
      <Field id="confirm-name" label={`Type "${markInvisible(name)}" to confirm`} error={error ?? undefined}>
        <Input
          id="confirm-name"
          value={confirmName}
          onChange={(event) => setConfirmName(event.target.value)}
          autoComplete="off"
          {...describedBy("confirm-name", error ?? undefined)}
        />
      </Field>
      {error && !error.startsWith("Type") ? <Callout tone="error">{error}</Callout> : null}
      <Button variant="danger" onClick={submit} loading={busy} disabled={confirmName.trim() !== name}>
        {keepEvents ? "Delete source, keep events" : "Delete source and purge events"}
      </Button>
    </div>
  );
}
