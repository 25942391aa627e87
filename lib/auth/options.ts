import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientAddress } from "@/lib/auth/client-address";
import { secrets } from "@/lib/config/secrets";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { signInSchema } from "@/lib/users/schemas";
import { authenticate } from "@/lib/users/service";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/**
 * next-auth with email + password against our users table and JWT sessions. The token
 * carries only the user id: every server check reloads the user, so a role change or
 * a disabled account takes effect on the next request, not when the token expires.
 */
export function authOptions(): NextAuthOptions {
  return {
    secret: secrets().authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const parsed = signInSchema.safeParse(credentials ?? {});
          if (!parsed.success) throw new Error("Enter your email and password.");
          try {
            // X-Forwarded-For counts only from a trusted proxy (INTAKE_TRUSTED_PROXIES), so
            // changing it per attempt does not escape the per-address throttle.
            const address = clientAddress(request.headers, env().INTAKE_TRUSTED_PROXIES);
            const actor = await authenticate(parsed.data.email, parsed.data.password, address);
            return { id: actor.id, email: actor.email, name: actor.name };
          } catch (error) {
            // next-auth shows the message of an Error thrown here on the sign-in page,
            // so only our own user-facing messages may pass; anything else is logged.
            if (isAppError(error)) throw new Error(error.publicMessage);
            const reference = crypto.randomUUID().slice(0, 8);
            logger.error("sign-in failed unexpectedly", { reference, error });
            throw new Error(`Sign-in is not working right now (reference ${reference}). Try again in a minute, or ask an admin to check the server log.`);
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub } };
      },
    },
  };
}
