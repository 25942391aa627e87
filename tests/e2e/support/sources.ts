import type { Page } from "@playwright/test";
import { expect } from "./fixtures";
import { postServerAction, serverActions } from "./server-actions";
import { freshApiKey } from "./simulator";

/**
 * Sends the onboarding's Finish action as the signed-in page's user, exactly as the
 * browser does (same action id, same session cookie), and returns its raw answer.
 */
export async function sendFinish(page: Page, input: Record<string, unknown>) {
  const action = serverActions().find((candidate) => candidate.name === "createSourceAction");
  if (!action) throw new Error("createSourceAction is not in the build's server action manifest.");
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  return postServerAction(page.request, new URL(page.url()).origin, action, [input], cookie);
}

/** Creates a working source through the real Finish action (and the simulator), as a colleague would. */
export async function createSourceNamed(page: Page, name: string): Promise<void> {
  const result = await sendFinish(page, { name, region: "us3", apiKey: await freshApiKey("colleague") });
  expect(result.body, `creating "${name}"`).toContain('"ok":true');
}
