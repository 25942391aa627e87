import type { ReactNode } from "react";

/** A labelled group of checkboxes over a list of ids; `value` holds the checked ones. */
export function CheckboxList<T extends { id: string }>({
  legend,
  items,
  value,
  onChange,
  render,
  error,
}: {
  legend: ReactNode;
  items: T[];
  value: string[];
  onChange: (next: string[]) => void;
  render: (item: T) => ReactNode;
  error?: string;
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-200">{legend}</legend>
      <div className="mt-2 space-y-2">
        {items.map((item) => (
          <label key={item.id} className="flex items-start gap-3 text-sm text-slate-200">
            <input
              type="checkbox"
              className="mt-0.5 h-4 w-4 accent-[var(--color-accent)]"
              checked={value.includes(item.id)}
              onChange={(event) =>
                onChange(event.target.checked ? [...value, item.id] : value.filter((id) => id !== item.id))
              }
            />
            <span>{render(item)}</span>
          </label>
        ))}
      </div>
      {error ? (
        <p className="mt-1 text-sm text-rose-400" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
