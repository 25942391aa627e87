/**
 * The source types Intake can onboard. The Create New catalog renders these tiles and
 * the slide-out panel from this data, so adding a source type adds an entry here and
 * its setup flow, not a new catalog page.
 */
export type SourceType = {
  id: string;
  name: string;
  vendor: string;
  category: string;
  logTypes: string[];
  summary: string;
  /** The slide-out panel's heading, e.g. "Rapid7 audit logs". */
  panelTitle: string;
  pulls: string;
  prerequisites: { title: string; detail: string }[];
  /** The vendor's own pages, under a heading that names the vendor. */
  docs: { title: string; links: { label: string; href: string }[] };
  setupPath: string;
  keywords: string[];
};

export const SOURCE_TYPES: SourceType[] = [
  {
    id: "rapid7",
    name: "Rapid7",
    vendor: "Rapid7",
    category: "Security platform",
    logTypes: ["Rapid7.AuditLog"],
    summary: "Audit logs of the Rapid7 Insight Platform and InsightIDR, pulled every minute.",
    panelTitle: "Rapid7 audit logs",
    pulls:
      "Intake pulls the audit logs of your Rapid7 organization (Insight Platform, InsightIDR, InsightVM and other products that write audit logs) through Rapid7's Log Search API and normalizes every record to Rapid7.AuditLog.",
    prerequisites: [
      {
        title: "Audit logging is enabled",
        detail: "In Rapid7, audit logging must be turned on for your organization.",
      },
      {
        title: "An organization API key with Administrator rights",
        detail:
          "Reading audit logs needs Administrator permission. An organization key is recommended over a user key.",
      },
      {
        title: "Your Data Storage Region",
        detail: "Shown in Rapid7 under Settings > Home, for example United States - 3 (enter it as us3).",
      },
    ],
    docs: {
      title: "Rapid7 documentation",
      links: [
        { label: "Enable audit logging", href: "https://docs.rapid7.com/insight/audit-logging/#enable-audit-logging" },
        { label: "Manage platform API keys", href: "https://docs.rapid7.com/insight/managing-platform-api-keys" },
        { label: "Retrieve audit logs with the API", href: "https://docs.rapid7.com/insightidr/get-audit-logs/" },
      ],
    },
    setupPath: "/log-sources/new/rapid7",
    keywords: ["rapid7", "insightidr", "insight", "idr", "audit", "insightvm", "siem"],
  },
];

export function matchesSourceType(type: SourceType, query: string): boolean {
  const needle = query.trim().toLowerCase();
  if (!needle) return true;
  return [type.name, type.vendor, type.category, ...type.logTypes, ...type.keywords].some((text) =>
    text.toLowerCase().includes(needle),
  );
}
