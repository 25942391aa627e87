import type { ReactNode } from "react";
import { Header } from "@/components/shell/header";
import { Sidebar } from "@/components/shell/sidebar";
import { requirePageActor } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { workerStatus } from "@/lib/liveness/workers";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const actor = await requirePageActor();
  const worker = await workerStatus(env().INTAKE_HEARTBEAT_SECONDS);
  return (
    <div className="flex min-h-screen">
      <Sidebar />
      <div className="flex min-w-0 flex-1 flex-col">
        <Header actor={actor} worker={worker} />
        <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-8 lg:px-8">{children}</main>
      </div>
    </div>
  );
}
