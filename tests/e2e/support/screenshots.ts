import { existsSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/** Saves a full-page screenshot in the test's output folder and attaches it to the report. */
export async function shot(page: Page, name: string): Promise<void> {
  const path = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  expect(existsSync(path), `screenshot ${name}`).toBe(true);
  await test.info().attach(name, { path, contentType: "image/png" });
}
