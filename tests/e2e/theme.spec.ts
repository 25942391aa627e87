import type { Page } from "@playwright/test";
import { expect, signInAsAdmin, test } from "./support/fixtures";

/**
 * Light and dark: the system's choice by default, or the one picked in the header, which
 * the server remembers (a cookie) and renders from the first byte.
 */
const LIGHT_CANVAS = "rgb(244, 246, 250)";
const DARK_CANVAS = "rgb(11, 17, 32)";

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const themeChoice = (page: Page, name: string) =>
  page.getByRole("radiogroup", { name: "Theme" }).getByRole("radio", { name });

test.describe("theme", () => {
  test("follows the system until a theme is chosen in the header; the choice survives a reload", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "light" });
    await signInAsAdmin(page);
    await page.goto("/log-sources");
    await expect(themeChoice(page, "System theme")).toHaveAttribute("aria-checked", "true");
    expect(await background(page)).toBe(LIGHT_CANVAS);
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await background(page)).toBe(DARK_CANVAS);

    // Chosen: the system no longer matters, and the page arrives in the theme (no flash).
    await themeChoice(page, "Light theme").click();
    expect(await background(page)).toBe(LIGHT_CANVAS);
    await page.reload();
    await expect(themeChoice(page, "Light theme")).toHaveAttribute("aria-checked", "true");
    expect(await background(page)).toBe(LIGHT_CANVAS);
    const html = await (await page.context().request.get("/log-sources")).text();
    expect(html).toMatch(/<html[^>]*data-theme="light"/);

    await themeChoice(page, "Dark theme").click();
    await page.emulateMedia({ colorScheme: "light" });
    await page.reload();
    expect(await background(page)).toBe(DARK_CANVAS);

    // Back to the system's.
    await themeChoice(page, "System theme").click();
    expect(await background(page)).toBe(LIGHT_CANVAS);
    await page.reload();
    await expect(themeChoice(page, "System theme")).toHaveAttribute("aria-checked", "true");
    expect(await background(page)).toBe(LIGHT_CANVAS);
  });

  test("text stays readable in the light theme: headings, cards, badges and inputs are dark on light", async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: "light" });
    await signInAsAdmin(page);
    await page.goto("/settings/account");
    const lightness = (selector: string, property: "color" | "backgroundColor") =>
      page
        .locator(selector)
        .first()
        .evaluate((element, name) => {
          // Computed colours come back as rgb() or, for Tailwind's palette, oklch(): both give a lightness.
          const value = getComputedStyle(element)[name as "color"];
          const numbers = (value.match(/[\d.]+/g) ?? []).map(Number);
          if (value.startsWith("oklch")) return numbers[0] ?? 0;
          const [r = 0, g = 0, b = 0] = numbers;
          return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        }, property);
    expect(await lightness("h1", "color")).toBeLessThan(0.3);
    expect(await lightness("label", "color")).toBeLessThan(0.4);
    expect(await lightness("select", "backgroundColor")).toBeGreaterThan(0.85);
    expect(await lightness("select", "color")).toBeLessThan(0.3);
  });
});
