import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Sparkline } from "@/components/sources/sparkline";

/** The Log Sources list's events-per-hour sparkline: one bar per busy hour, scaled to the busiest. */
const render = (values: number[]) =>
  renderToStaticMarkup(createElement(Sparkline, { values, label: "Events per hour for Prod" }));

const barsOf = (markup: string) =>
  [...(/<path d="([^"]*)"/.exec(markup)?.[1] ?? "").matchAll(/M(\d+) (\d+)h4v(\d+)h-4z/g)].map(([, x, top, h]) => ({
    x: Number(x),
    top: Number(top),
    height: Number(h),
  }));

describe("sparkline", () => {
  it("draws a bar for each busy hour, the busiest full height and none under 3 px", () => {
    const values = [0, 40, 0, 0, 1, 20, ...Array<number>(18).fill(0)];
    const markup = render(values);
    expect(barsOf(markup)).toEqual([
      { x: 5, top: 0, height: 20 },
      { x: 20, top: 17, height: 3 },
      { x: 25, top: 10, height: 10 },
    ]);
    expect(markup).toContain('aria-label="Events per hour for Prod: 61 events"');
    expect(markup).toContain('viewBox="0 0 119 20"');
  });

  it("draws only the baseline for a quiet day, and says so", () => {
    const markup = render(Array<number>(24).fill(0));
    expect(barsOf(markup)).toEqual([]);
    expect(markup).toContain('<rect y="18" width="119" height="2"');
    expect(markup).toContain("Events per hour for Prod: 0 events");
  });

  it("counts thousands the way people read them", () => {
    expect(render([1200, 34, ...Array<number>(22).fill(0)])).toContain("Prod: 1,234 events");
  });
});
