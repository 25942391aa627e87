import { Card } from "@/components/ui/card";
import type { SourceSummary } from "@/lib/sources/service";
import type { MaintenanceWindowView } from "@/lib/sources/volume";
import { MaintenanceWindows } from "./maintenance-windows";
import { VolumeSettingsForm } from "./volume-settings-form";

/** Settings: the low-volume alert and the maintenance windows that suppress it. */
export function VolumeSettingsCard({ source, windows }: { source: SourceSummary; windows: MaintenanceWindowView[] }) {
  return (
    <Card className="p-6">
      <h2 className="mb-4 font-semibold text-white">Volume alert</h2>
      <VolumeSettingsForm
        initial={{
          sourceId: source.id,
          lowVolumeAlertEnabled: source.lowVolumeAlertEnabled,
          lowVolumeWarnPercent: source.lowVolumeWarnPercent,
          lowVolumeErrorPercent: source.lowVolumeErrorPercent,
        }}
      />
      <h3 className="mb-3 mt-6 font-medium text-white">Maintenance windows</h3>
      <MaintenanceWindows sourceId={source.id} windows={windows} />
    </Card>
  );
}
