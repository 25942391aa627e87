import path from "node:path";
import { env } from "@/lib/env";

/** Where Intake keeps local state (embedded database, generated secrets). */
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), env().INTAKE_DATA_DIR);
}
