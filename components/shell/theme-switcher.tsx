"use client";

import { useState } from "react";
import { cn } from "@/lib/ui/cn";
import { THEME_COOKIE, type Theme, themeAttribute } from "@/lib/ui/theme";

const ONE_YEAR_SECONDS = 365 * 24 * 3600;

const CHOICES: { theme: Theme; label: string; icon: string }[] = [
  {
    theme: "light",
    label: "Light theme",
    icon: "M12 4V2m0 20v-2m8-8h2M2 12h2m13.66-5.66 1.41-1.41M4.93 19.07l1.41-1.41m0-11.32L4.93 4.93m14.14 14.14-1.41-1.41M16 12a4 4 0 1 1-8 0 4 4 0 0 1 8 0Z",
  },
  { theme: "dark", label: "Dark theme", icon: "M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8Z" },
  { theme: "system", label: "System theme", icon: "M3 5h18v11H3zM8 20h8M12 16v4" },
];

/** Outside the component: it changes the document, not React state. */
function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  const attribute = themeAttribute(theme);
  if (attribute) root.setAttribute("data-theme", attribute);
  else root.removeAttribute("data-theme");
  document.cookie = `${THEME_COOKIE}=${theme}; path=/; max-age=${ONE_YEAR_SECONDS}; samesite=lax`;
}

/**
 * Light, dark or the system's. Applies at once (the page's colours follow <html data-theme>)
 * and is remembered in a cookie the server reads, so the next page arrives in it.
 */
export function ThemeSwitcher({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState(initial);

  const choose = (next: Theme) => {
    setTheme(next);
    applyTheme(next);
  };

  return (
    <div role="radiogroup" aria-label="Theme" className="flex items-center rounded-md border border-line p-0.5">
      {CHOICES.map((choice) => (
        <button
          key={choice.theme}
          type="button"
          role="radio"
          aria-checked={theme === choice.theme}
          aria-label={choice.label}
          title={choice.label}
          onClick={() => choose(choice.theme)}
          className={cn(
            "grid size-7 place-items-center rounded text-muted hover:text-white",
            theme === choice.theme && "bg-panel-raised text-white",
          )}
        >
          <svg
            viewBox="0 0 24 24"
            className="size-4"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            aria-hidden="true"
          >
            <path d={choice.icon} strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
      ))}
    </div>
  );
}
