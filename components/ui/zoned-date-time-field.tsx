"use client";

import { useEffect, useRef, useState } from "react";
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
  // Only a change of the prop counts: in a plain GET form the prop stays what the page was rendered with.
  if (value !== lastValue) {
    setLastValue(value);
    if (value !== utcText) {
      setUtcText(value);
      setLocal(shown(value));
    }
  }

  const pick = (typed: string) => {
    const date = fromZoneInputValue(typed, timeZone);
    const next = date ? toUtcText(date) : "";
    setLocal(typed);
    setUtcText(next);
    onChange?.(next);
  };

  // A time typed before the page hydrated is in the field but not yet in the form's value: take it over once.
  const input = useRef<HTMLInputElement>(null);
  const pickLatest = useRef(pick);
  useEffect(() => {
    pickLatest.current = pick;
  });
  useEffect(() => {
    const typed = input.current?.value ?? "";
    if (typed !== local) pickLatest.current(typed);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, at hydration: later changes arrive through onChange
  }, []);

  return (
    <Field id={id} label={`${label} (${timeZone})`} hint={hint} error={error}>
      <Input
        id={id}
        type="datetime-local"
        step={1}
        value={local}
        onBlur={onBlur}
        ref={input}
        onChange={(event) => pick(event.target.value)}
        {...describedBy(id, error, Boolean(hint))}
      />
      {name ? <input type="hidden" name={name} value={utcText} /> : null}
    </Field>
  );
}
