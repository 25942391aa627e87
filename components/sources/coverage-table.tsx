import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import type { CoverageCell } from "./coverage-cells";
import { COVERAGE_LOOK, CoverageSwatch } from "./coverage-legend";

/** The numbers behind coverage windows: both counts, re-reads and why, one row per window. */
export function CoverageTable({ label, windows }: { label: string; windows: CoverageCell[] }) {
  return (
    <Table label={label} frame="plain" density="dense" minWidth="min-w-[720px]" testId="coverage-table">
      <TableHead>
        <Th>Window (UTC)</Th>
        <Th>State</Th>
        <Th align="right">Intake</Th>
        <Th align="right">Rapid7</Th>
        <Th align="right">Read again</Th>
        <Th>Why</Th>
      </TableHead>
      <TableBody>
        {windows.map((window) => (
          <tr key={window.startsAt} data-state={window.state}>
            <Td className="whitespace-nowrap font-mono text-xs text-slate-300">
              {window.startsAt.slice(0, 16).replace("T", " ")}–{window.endsAt.slice(11, 16)}
            </Td>
            <Td>
              <span className="flex items-center gap-1.5">
                <CoverageSwatch state={window.state} />
                {COVERAGE_LOOK[window.state].label}
              </span>
            </Td>
            <Td align="right" className="tabular-nums">
              {window.intakeCount ?? "–"}
            </Td>
            <Td align="right" className="tabular-nums">
              {window.rapid7Count ?? "–"}
            </Td>
            <Td align="right" className="tabular-nums">
              {window.repulls}
            </Td>
            <Td className="text-xs text-muted">{window.reason ?? ""}</Td>
          </tr>
        ))}
      </TableBody>
    </Table>
  );
}
