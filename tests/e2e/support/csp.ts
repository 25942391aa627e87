import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

type Violation = { where: string; text: string };

/**
 * Collects every Content-Security-Policy violation the page reports: the
 * securitypolicyviolation events (listened to from before any page script runs) and
 * Chromium's console errors for refused scripts and styles.
 */
export async function watchPolicyViolations(page: Page) {
  const violations: Violation[] = [];
  await page.exposeFunction("__reportPolicyViolation", (text: string) => violations.push({ where: page.url(), text }));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportPolicyViolation: (text: string) => void }).__reportPolicyViolation;
      void report(`${event.effectiveDirective} blocked ${event.blockedURI} (${event.sample})`);
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push({ where: page.url(), text: message.text() });
  });
  return {
    violations,
    /** No violation so far; clears the list for the next page. */
    expectNone(where: string) {
      expect(violations, `policy violations on ${where}`).toEqual([]);
      violations.length = 0;
    },
  };
}

/** React has hydrated the page: its scripts ran (a policy that blocked them would leave it dead HTML). */
export async function expectHydrated(page: Page, where: string): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(() =>
          [...document.querySelectorAll("body *")].some((element) =>
            Object.keys(element).some((key) => key.startsWith("__reactFiber")),
          ),
        ),
      {
        message: `${where} hydrated`,
      },
    )
    .toBe(true);
}
