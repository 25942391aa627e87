import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { Header } from "@/components/shell/header";
import { Sidebar } from "@/components/shell/sidebar";
import { StyleNonce } from "@/components/shell/style-nonce";
import { PageRefresh } from "@/components/ui/page-refresh";
import { TimeZoneProvider } from "@/components/ui/time-zone";
import { ToastProvider } from "@/components/ui/toast";
import { requirePageActor } from "@/lib/auth/session";
import { countOpenAlerts } from "@/lib/alerts/open-alerts";
import { env } from "@/lib/env";
import { workerStatus } from "@/lib/liveness/workers";
import { pageNonce } from "@/lib/security/nonce";
import { THEME_COOKIE, themeFrom } from "@/lib/ui/theme";
import { timeZoneOf } from "@/lib/users/preferences";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const actor = await requirePageActor();
  const [worker, openAlerts, nonce, timeZone] = await Promise.all([
    workerStatus(env().INTAKE_HEARTBEAT_SECONDS),
    countOpenAlerts(),
    pageNonce(),
    timeZoneOf(actor.id),
  ]);
  const theme = themeFrom((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <TimeZoneProvider timeZone={timeZone}>
      <ToastProvider>
        <div className="flex min-h-screen">
          <StyleNonce nonce={nonce} />
          <PageRefresh everyMs={20_000} />
          <Sidebar openAlerts={openAlerts} />
          <div className="flex min-w-0 flex-1 flex-col">
            <Header actor={actor} worker={worker} theme={theme} />
            <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-8 lg:px-8">{children}</main>
          </div>
        </div>
      </ToastProvider>
    </TimeZoneProvider>
  );
}
