"use client";

import Link from "next/link";
import { CoverageCompleteness } from "@/components/sources/coverage-completeness";
import { HealthBadge, type HealthBadgeView } from "@/components/sources/health-badge";
import { Sparkline } from "@/components/sources/sparkline";
import { Badge } from "@/components/ui/badge";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { SourceListRow } from "@/lib/sources/list-view";
import { markInvisible } from "@/lib/ui/invisible-characters";

/** A row as the page sends it: the health the badge shows rather than all of it. */
export type SourceListRowView = Omit<SourceListRow, "health"> & { health: HealthBadgeView };

/**
 * The Log Sources list's rows, drawn from their data. A client component so the page
 * sends fifty rows as data, not as their rendered markup a second time beside the HTML:
 * the rows were most of the page's weight and of the server's time rendering it.
 */
export function SourceListRows({ rows }: { rows: SourceListRowView[] }) {
  return rows.map((row) => (
    <tr key={row.id} data-testid={`source-row-${row.name}`}>
      <Td>
        <Link href={`/log-sources/${row.id}`} className="font-medium text-white hover:underline">
          <UntrustedText text={row.name} />
        </Link>
        {row.paused ? <Badge className="ml-2">Paused</Badge> : null}
      </Td>
      <Td className="text-slate-300">{row.logType}</Td>
      <Td>
        <HealthBadge health={row.health} id={row.id} />
      </Td>
      <Td className="text-slate-300">
        <When value={row.lastEventReceivedAt} />
      </Td>
      <Td className="text-slate-300">
        <When value={row.lastEventStoredAt} />
      </Td>
      <Td>
        <span className="flex items-end gap-3">
          <span className="w-14 text-right tabular-nums text-slate-200">{row.events24h.toLocaleString("en-US")}</span>
          <Sparkline values={row.activity} label={`Events per hour for ${markInvisible(row.name)}`} />
        </span>
      </Td>
      <Td data-testid="source-completeness">
        <CoverageCompleteness completeness={row.completeness} />
      </Td>
    </tr>
  ));
}

function When({ value }: { value: Date | null }) {
  if (!value) return <span className="text-muted">Never</span>;
  return <Time value={value} />;
}
