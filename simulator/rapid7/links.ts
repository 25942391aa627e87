/**
 * Every href the simulator emits is absolute and points back at itself (origin + region prefix),
 * so clients that follow links "exactly as given" stay on the simulator.
 */
import type { SimulatorKnobs } from "./knobs";

/** `log_search`: Platform API host layout. `legacy`: the old InsightOps host without the prefix. */
export type PathStyle = "log_search" | "legacy";

export interface Link {
  rel: string;
  href: string;
}

export class LinkBuilder {
  constructor(
    private readonly origin: string,
    private readonly region: string,
    private readonly style: PathStyle,
    private readonly knobs: SimulatorKnobs,
  ) {}

  href(path: string, style: PathStyle = this.style): string {
    return `${this.origin}/${this.region}${style === "log_search" ? "/log_search" : ""}/${path}`;
  }

  link(rel: "Self" | "Next" | "Context", href: string): Link {
    return { rel: this.knobs.lowercaseRel ? rel.toLowerCase() : rel, href };
  }

  self(jobId: string): Link {
    return this.link("Self", this.href(`query/${encodeURIComponent(jobId)}`));
  }

  next(logIds: readonly string[], params: URLSearchParams): Link {
    const style = this.knobs.nextLinkStyle === "legacy" ? "legacy" : this.style;
    return this.link("Next", `${this.href(`query/logs/${logIds.join(":")}`, style)}?${params.toString()}`);
  }

  /** Built by hand rather than with URLSearchParams: this runs once per event served. */
  context(seq: bigint, timestampMs: number, logId: string): Link {
    const query = `per_page=50&timestamp=${timestampMs}&log_keys=${encodeURIComponent(logId)}&context_type=SURROUND`;
    return this.link("Context", `${this.href(`query/context/${seq}`)}?${query}`);
  }

  logset(logsetId: string): Link {
    return this.link("Self", this.href(`management/logsets/${logsetId}`));
  }

  log(logId: string): Link {
    return this.link("Self", this.href(`management/logs/${logId}`));
  }
}
