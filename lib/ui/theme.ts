/**
 * Light, dark, or whatever the system prefers (the default). The choice lives in a cookie so
 * the server renders the page in it from the first byte (app/layout.tsx): no flash of the
 * other theme, and no inline script for the Content-Security-Policy to allow.
 */
export const THEMES = ["light", "dark", "system"] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_COOKIE = "intake-theme";

export function themeFrom(value: string | undefined): Theme {
  return THEMES.find((theme) => theme === value) ?? "system";
}

/** The `data-theme` <html> carries: none while following the system (globals.css then asks prefers-color-scheme). */
export function themeAttribute(theme: Theme): "light" | "dark" | undefined {
  return theme === "system" ? undefined : theme;
}
