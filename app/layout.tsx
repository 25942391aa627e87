import type { Metadata } from "next";
import { cookies } from "next/headers";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { THEME_COOKIE, themeAttribute, themeFrom } from "@/lib/ui/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Intake", template: "%s · Intake" },
  description: "Log source onboarding and ingestion console",
};

/**
 * Every page renders per request: Next.js stamps each script with the nonce from that
 * request's Content-Security-Policy (proxy.ts), and a page rendered at build time would
 * have none, so the browser would refuse to run it. The theme chosen in the header (a
 * cookie) is rendered here, so the first paint is in it.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  const theme = themeFrom((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={themeAttribute(theme)}>
      <body className="min-h-screen font-sans antialiased">{children}</body>
    </html>
  );
}
