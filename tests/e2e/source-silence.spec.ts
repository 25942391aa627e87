import { expect, signInAsAdmin, test } from "./support/fixtures";
import { sendFinish } from "./support/sources";
import { freshApiKey, simulatorControl } from "./support/simulator";

/**
 * The source page tells why a source went silent, since when its health is what it is,
 * how its health changed, and how long events take through each stage: a source created
 * through the real Finish action and pulled by the real worker, whose key is then revoked
 * in the Rapid7 simulator and re-checked from the Health tab.
 */
test("shows the silence reason, health since, health history and latency per stage", async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto("/log-sources");
  const name = `Silenced ${Math.random().toString(36).slice(2, 8)}`;
  const key = await freshApiKey("silence");
  const created = await sendFinish(page, { name, region: "us3", apiKey: key });
  const id = /"id":"([0-9a-f-]{36})"/.exec(created.body)?.[1];
  expect(id, created.body).toBeTruthy();

  // The worker's first pull makes it healthy; Overview then shows each stage's latency.
  await page.goto(`/log-sources/${id}`);
  // While the page refreshes itself a hidden copy of the previous render can sit beside it; the visible badge must be one.
  await expect(page.getByTestId("health-badge").filter({ visible: true })).toHaveAttribute("data-status", "healthy", {
    timeout: 60_000,
  });
  await expect(page.getByTestId("health-since")).toContainText("since");
  const vendor = page.getByTestId("stage-latency").locator('tr[data-stage="vendor"]');
  await expect(vendor).toContainText("Event → received by Rapid7");
  await expect(vendor.locator("td").nth(3)).not.toHaveText("0");
  await expect(page.getByTestId("stage-latency").locator('tr[data-stage="storing"] td').nth(1)).not.toHaveText("—");

  // Someone revokes the key in Rapid7; the re-check finds it.
  await simulatorControl("DELETE", `/keys/${encodeURIComponent(key)}`);
  await page.goto(`/log-sources/${id}?tab=health`);
  await page.getByRole("button", { name: "Re-check now" }).click();
  await expect(page.getByText("Rapid7 rejects the key.")).toBeVisible({ timeout: 30_000 });

  await page.reload();
  const silence = page.getByTestId("silence-reason");
  await expect(silence).toHaveAttribute("data-reason", "key_revoked");
  await expect(page.getByRole("alert").filter({ hasText: "Security: API key revoked" })).toBeVisible();
  await expect(silence).toContainText("T1562.008");
  await expect(page.getByTestId("health-badge").filter({ visible: true })).toHaveAttribute("data-status", "unhealthy");
  await expect(page.getByTestId("health-since")).toContainText("since");

  // The history has the change to unhealthy, with its reason, above the healthy start.
  const history = page.getByTestId("health-history");
  await expect(history.locator("tbody tr").first()).toContainText("Unhealthy");
  await expect(history.locator("tbody tr").first()).toContainText("key_revoked");
  await expect(history.locator("tbody tr").last()).toContainText(/Healthy|Pending first pull/);
  await page.screenshot({ path: test.info().outputPath("source-silence.png"), fullPage: true });
});
