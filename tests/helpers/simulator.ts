import { resetEnvCache } from "@/lib/env";
import { type Rapid7Simulator, type SeedOptions, startRapid7Simulator } from "@/simulator/rapid7";

/** Starts the Rapid7 simulator on loopback and points this process's Rapid7 client at it. */
export async function useSimulator(seed?: SeedOptions | false): Promise<Rapid7Simulator> {
  const simulator = await startRapid7Simulator({ seed });
  process.env.RAPID7_BASE_URL_TEMPLATE = simulator.baseUrlTemplate;
  resetEnvCache();
  return simulator;
}
