import { z } from "zod";

/**
 * Runs in the browser before the console becomes interactive (a Next.js convention).
 *
 * zod compiles object schemas with `new Function` when it may, and first probes whether
 * it may. The console's Content-Security-Policy forbids eval (lib/security/headers.ts),
 * so the probe fails harmlessly but the browser still reports a policy violation for it.
 * The forms' schemas are small: zod's interpreter is fast enough, and nothing is probed.
 */
z.config({ jitless: true });
