import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Intake", template: "%s · Intake" },
  description: "Log source onboarding and ingestion console",
};

/**
 * Every page renders per request: Next.js stamps each script with the nonce from that
 * request's Content-Security-Policy (proxy.ts), and a page rendered at build time would
 * have none, so the browser would refuse to run it.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">{children}</body>
    </html>
  );
}
