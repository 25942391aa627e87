import type { TestProject } from "vitest/node";
import { startTestCluster } from "./test-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const cluster = await startTestCluster();
  project.provide("pgAdminUrl", cluster.adminUrl);
  return async () => {
    await cluster.stop();
  };
}
