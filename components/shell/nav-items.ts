export type NavSection = { title: string; items: { href: string; label: string }[] };

export const NAV_SECTIONS: NavSection[] = [
  { title: "Configure", items: [{ href: "/log-sources", label: "Log Sources" }] },
  {
    title: "Investigate",
    items: [
      { href: "/alerts", label: "Alerts" },
      { href: "/search", label: "Search" },
    ],
  },
  {
    title: "Settings",
    items: [
      { href: "/settings/users", label: "Users" },
      { href: "/settings/destinations", label: "Alert destinations" },
      { href: "/settings/api-tokens", label: "API tokens" },
      { href: "/settings/audit-log", label: "Audit log" },
      { href: "/settings/account", label: "Your account" },
    ],
  },
];
