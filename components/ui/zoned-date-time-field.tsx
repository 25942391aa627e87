"use client";

import { useState } from "react";
import { fromZoneInputValue, parseUtcText, toUtcText, toZoneInputValue } from "@/lib/ui/time";
import { describedBy, Field } from "./field";
import { Input } from "./input";
import { useTimeZone } from "./time-zone";

/**
 * A date-time picker for one end of a time range. The person picks a time in their own
 * zone (named in the label); the form gets the same instant in UTC ("2026-12-06T14:00"),
 * so a range in a link means the same to everyone. `value`/`onChange` for a controlled
 * form (react-hook-form); `name` for a plain GET form, which then sends the UTC value.
 */
export function ZonedDateTimeField({
  id,
  label,
  hint,
  error,
  name,
  value,
  onChange,
  onBlur,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  name?: string;
  value: string;
  onChange?: (utcText: string) => void;
  onBlur?: () => void;
}) {
  const timeZone = useTimeZone();
  const shown = (utcText: string) => {
    const date = parseUtcText(utcText);
    return date ? toZoneInputValue(date, timeZone) : "";
  };
  const [local, setLocal] = useState(() => shown(value));
  const [utcText, setUtcText] = useState(value);
  // A new value from outside (a link followed, the form reset) replaces what is shown.
  const [lastValue, setLastValue] = useState(value);
  if (value !== lastValue && value !== utcText) {
    setLastValue(value);
    setUtcText(value);
    setLocal(shown(value));
  }

  return (
    <Field id={id} label={`${label} (${timeZone})`} hint={hint} error={error}>
      <Input
        id={id}
        type="datetime-local"
        step={1}
        value={local}
        onBlur={onBlur}
        onChange={(event) => {
          const date = fromZoneInputValue(event.target.value, timeZone);
          const next = date ? toUtcText(date) : "";
          setLocal(event.target.value);
          setUtcText(next);
          setLastValue(next);
          onChange?.(next);
        }}
        {...describedBy(id, error, Boolean(hint))}
      />
      {name ? <input type="hidden" name={name} value={utcText} /> : null}
    </Field>
  );
}
