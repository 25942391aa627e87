import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import type { HealthChange } from "@/lib/sources/health/history";
import { healthLabel } from "./health-badge";
import { Time } from "@/components/ui/time";

/** Every change of the source's health, newest first: when, to what, and the reason code. */
export function HealthHistory({ changes }: { changes: HealthChange[] }) {
  return (
    <section className="mt-6" aria-labelledby="health-history-title">
      <h2 id="health-history-title" className="mb-2 font-semibold text-white">
        Health history
      </h2>
      {changes.length === 0 ? (
        <p className="text-sm text-muted">No change recorded yet.</p>
      ) : (
        <Table label="Health history" density="compact" testId="health-history">
          <TableHead>
            <Th>Changed</Th>
            <Th>Health</Th>
            <Th>Reason</Th>
          </TableHead>
          <TableBody>
            {changes.map((change) => (
              <tr key={change.at.toISOString() + change.status + change.reason}>
                <Td>
                  <Time value={change.at} format="absolute" />
                </Td>
                <Td>{isStatus(change.status) ? healthLabel(change.status) : change.status}</Td>
                <Td className="font-mono text-xs">{change.reason ?? "—"}</Td>
              </tr>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

function isStatus(status: string): status is Parameters<typeof healthLabel>[0] {
  return ["healthy", "unhealthy", "paused", "pending"].includes(status);
}
