import { formatDateTimeInput } from "@/lib/events/schemas";

/**
 * A Search query string covering an alert's matching events: their sources, the time
 * span they fall in (to the second, end inclusive), and their action when they share
 * one. Search has no "these event ids" filter, so on a busy source other events of the
 * same action and minute can show up alongside them.
 */
export function alertEventsSearchQuery(
  events: { sourceId: string; action: string }[],
  range: { from: Date; to: Date } | null,
): string {
  if (!range || events.length === 0) return "";
  const params = new URLSearchParams();
  for (const sourceId of new Set(events.map((e) => e.sourceId))) params.append("source", sourceId);
  params.set("range", "custom");
  params.set("from", formatDateTimeInput(new Date(Math.floor(range.from.getTime() / 1000) * 1000)));
  params.set("to", formatDateTimeInput(new Date(Math.floor(range.to.getTime() / 1000) * 1000 + 1000)));
  const actions = new Set(events.map((e) => e.action));
  const [only] = actions;
  if (actions.size === 1 && only) params.set("action", only);
  return params.toString();
}
