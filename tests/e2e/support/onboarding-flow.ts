import type { Locator, Page } from "@playwright/test";
import { expect } from "./fixtures";

/** The way a person gets to the Rapid7 setup: Log Sources > Create New > search > tile > Start Setup. */
export async function openRapid7Setup(page: Page): Promise<void> {
  await page.goto("/log-sources");
  await page.getByRole("link", { name: "Create New" }).first().click();
  await page.getByLabel("Search sources").fill("Rapid7");
  await page.getByTestId("source-tile-rapid7").click();
  await page.getByRole("link", { name: "Start Setup" }).click();
  await expect(page.getByRole("heading", { name: "Name this source" })).toBeVisible();
}

export async function enterName(page: Page, name: string): Promise<void> {
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Set Credentials" })).toBeVisible();
}

export async function enterCredentials(page: Page, region: string, key: string): Promise<void> {
  await page.getByLabel("Storage Region").fill(region);
  await page.getByLabel("API Key", { exact: true }).fill(key);
  await page.getByRole("button", { name: "Setup", exact: true }).click();
}

export async function expectSetupPassed(page: Page): Promise<void> {
  const heading = page.getByRole("heading", { name: "Everything looks good!" });
  await expect(heading).toBeVisible();
  // Focus follows the person to the new step instead of falling back to the page's body.
  await expect(heading).toBeFocused();
}

/** A failed Setup says why, and moves focus to that explanation. */
export async function expectSetupFailed(page: Page, message: string): Promise<void> {
  await expect(page.getByTestId("setup-error")).toContainText(message);
  await expect(page.getByRole("heading", { name: "Setup could not finish" })).toBeFocused();
}

export async function expectNoHorizontalOverflow(page: Page, where: string): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `horizontal overflow on ${where}`).toBeLessThanOrEqual(0);
}

/**
 * Runs `change` and asserts none of `steady` moved or resized on the page: an error
 * appearing must not shift the form. Positions are the page's, not the viewport's, so
 * scrolling (a field scrolled into view to be typed in) is not mistaken for a jump.
 */
export async function expectNoLayoutShift(steady: Locator[], change: () => Promise<void>): Promise<void> {
  const place = (locator: Locator) =>
    locator.evaluate((element) => {
      const box = element.getBoundingClientRect();
      return { top: box.top + window.scrollY, left: box.left + window.scrollX, width: box.width, height: box.height };
    });
  const before = await Promise.all(steady.map(place));
  await change();
  const after = await Promise.all(steady.map(place));
  for (const [index, box] of before.entries()) expect(after[index], `${steady[index]} kept its place`).toEqual(box);
}
