/**
 * Which audit logs the Finish step starts with after Setup found `offered`. The first
 * time, all of them; after that, what the person chose, even nothing (so the form can say
 * "choose at least one" instead of silently re-ticking everything). A choice none of whose
 * logs exist any more was made for another organization's key, so it starts over.
 */
export function auditLogChoiceAfterSetup(previous: readonly string[] | null, offered: readonly string[]): string[] {
  if (previous === null) return [...offered];
  const kept = previous.filter((id) => offered.includes(id));
  return kept.length === 0 && previous.length > 0 ? [...offered] : kept;
}
