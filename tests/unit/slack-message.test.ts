import { describe, expect, it } from "vitest";
import type { AlertPayload } from "@/lib/alerts/destinations/payload";
import { slackMessage } from "@/lib/alerts/destinations/slack";

/**
 * Event content reaches Slack through the alert's title (the actor), description and
 * resolution, and the source's name. Slack reads `<!channel>`, `<@U123>` and
 * `<https://…|label>` as a ping, a mention and a disguised link, in the top-level `text`
 * (the notification itself) as much as in the blocks, so every piece is escaped.
 */
const HOSTILE = ["<!channel>", "<@U123>", "<https://evil.example|click>", "<!here|here>"];
const hostile = HOSTILE.join(" & ");
const escaped =
  "&lt;!channel&gt; &amp; &lt;@U123&gt; &amp; &lt;https://evil.example|click&gt; &amp; &lt;!here|here&gt;";

function payload(type: AlertPayload["type"]): AlertPayload {
  return {
    type,
    alert: {
      id: "5b0c4d1e-0000-4000-8000-000000000001",
      kind: "detection",
      severity: "high",
      status: type === "alert.resolved" ? "resolved" : "open",
      title: `Burst of failed actions: ${hostile}`,
      description: `Description ${hostile}`,
      source: { id: null, name: `Source ${hostile}` },
      ruleId: "rapid7.failed_action_burst",
      firstSeenAt: "2026-01-06T10:00:00.000Z",
      lastSeenAt: "2026-01-06T10:05:00.000Z",
      eventCount: 5,
      resolvedAt: type === "alert.resolved" ? "2026-01-06T11:00:00.000Z" : null,
      resolution: type === "alert.resolved" ? `Resolution ${hostile}` : null,
      url: "https://intake.example.com/alerts/5b0c4d1e-0000-4000-8000-000000000001",
    },
  };
}

/** Every string Slack will read as mrkdwn or as the notification text. */
function texts(message: ReturnType<typeof slackMessage>): string[] {
  return [
    message.text,
    ...message.blocks.flatMap((block) =>
      "text" in block ? [block.text.text] : "elements" in block ? block.elements.map((e) => e.text) : [],
    ),
  ];
}

describe("Slack messages", () => {
  it.each(["alert.opened", "alert.resolved"] as const)(
    "%s: event content cannot ping, mention or link, in the text or the blocks",
    (type) => {
      const message = slackMessage(payload(type));
      expect(message.text).toBe(
        `[${type === "alert.resolved" ? "Resolved" : "High"}] Burst of failed actions: ${escaped}`,
      );
      for (const text of texts(message)) {
        for (const control of ["<!", "<@", "<https://evil"]) expect(text).not.toContain(control);
      }
      const all = texts(message).join("\n");
      expect(all).toContain(`Description ${escaped}`);
      expect(all).toContain(`Source: Source ${escaped}`);
      if (type === "alert.resolved") expect(all).toContain(`*Resolution:* Resolution ${escaped}`);
      // The only link is Intake's own, labelled with the escaped title.
      expect(message.blocks[0]).toMatchObject({
        text: { text: expect.stringContaining(`*<${payload(type).alert.url}|Burst of failed actions: ${escaped}>*`) },
      });
    },
  );

  it("shortens long content without cutting an escape in half", () => {
    const long = payload("alert.opened");
    long.alert.title = `${"x".repeat(2985)}<<<<<<<`;
    const { text } = slackMessage(long);
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/(&lt;)+…$/);
  });
});
