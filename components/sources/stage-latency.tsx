import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { LATENCY_WINDOW_HOURS, type LatencyStage, type StageLatency } from "@/lib/sources/latency";
import { formatDuration } from "@/lib/ui/format";

const STAGES: Record<LatencyStage, { label: string; who: string }> = {
  vendor: { label: "Event → received by Rapid7", who: "the vendor" },
  waiting: { label: "Received → fetched by Intake", who: "pull interval and backlog" },
  storing: { label: "Fetched → stored", who: "Intake" },
  total: { label: "Event → stored", who: "end to end" },
};

/** p50/p95 of each stage over the last day's events, so a slow vendor and a slow Intake are told apart. */
export function StageLatencyTable({ rows }: { rows: StageLatency[] }) {
  const ms = (value: number | null) => (value === null ? "—" : formatDuration(value));
  return (
    <section className="mt-6" aria-labelledby="latency-title">
      <h2 id="latency-title" className="mb-2 font-semibold text-white">
        Latency per stage (last {LATENCY_WINDOW_HOURS} hours)
      </h2>
      <Table label="Latency per stage" density="compact" testId="stage-latency">
        <TableHead>
          <Th>Stage</Th>
          <Th align="right">p50</Th>
          <Th align="right">p95</Th>
          <Th align="right">Events</Th>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <tr key={row.stage} data-stage={row.stage}>
              <Td>
                {STAGES[row.stage].label} <span className="text-xs text-muted">({STAGES[row.stage].who})</span>
              </Td>
              <Td align="right">{ms(row.p50Ms)}</Td>
              <Td align="right">{ms(row.p95Ms)}</Td>
              <Td align="right">{row.events}</Td>
            </tr>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}
