import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { sameOriginUrl } from "@/lib/auth/callback-url";
import { clientAddress } from "@/lib/auth/client-address";
import { secrets } from "@/lib/config/secrets";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { signInSchema } from "./schemas";
import { endSessions, isSessionCurrent } from "./sessions";
import { authenticate } from "./sign-in";

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

declare module "next-auth" {
  interface User {
    sessionVersion?: number;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    /** The user's session version at sign-in (lib/auth/sessions.ts). */
    sv?: number;
  }
}

/**
 * next-auth with email + password against our users table and JWT sessions. The token
 * carries the user id and session version: every server check reloads the user
 * (lib/auth/session.ts), so a role change, a disabled account or a sign-out elsewhere
 * takes effect on the next request, not when the token expires.
 */
export function authOptions(): NextAuthOptions {
  return {
    secret: secrets().authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          newPassword: { label: "New password", type: "password" },
          confirmPassword: { label: "Confirm new password", type: "password" },
        },
        async authorize(credentials, request) {
          const parsed = signInSchema.safeParse(credentials ?? {});
          if (!parsed.success) throw new Error("Enter your email and password.");
          try {
            // X-Forwarded-For counts only from a trusted proxy (INTAKE_TRUSTED_PROXIES), so
            // changing it per attempt does not escape the per-address throttle.
            const address = clientAddress(request.headers, env().INTAKE_TRUSTED_PROXIES);
            const change = credentials?.newPassword
              ? { newPassword: credentials.newPassword, confirmPassword: credentials.confirmPassword }
              : {};
            const { actor, sessionVersion } = await authenticate(
              parsed.data.email,
              parsed.data.password,
              address,
              change,
            );
            return { id: actor.id, email: actor.email, name: actor.name, sessionVersion };
          } catch (error) {
            // next-auth shows the message of an Error thrown here on the sign-in page,
            // so only our own user-facing messages may pass; anything else is logged.
            if (isAppError(error)) throw new Error(firstMessage(error.publicMessage, error.fieldErrors));
            const reference = crypto.randomUUID().slice(0, 8);
            logger.error("sign-in failed unexpectedly", { reference, error });
            throw new Error(
              `Sign-in is not working right now (reference ${reference}). Try again in a minute, or ask an admin to check the server log.`,
            );
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) return { ...token, sub: user.id, sv: user.sessionVersion ?? 0 };
        // next-auth's own session endpoint: a revoked session is answered as none, and its cookie cleared.
        if (!token.sub || !(await isSessionCurrent(token.sub, token.sv))) throw new Error("This session has ended.");
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub } };
      },
      redirect({ url, baseUrl }) {
        return sameOriginUrl(url, baseUrl);
      },
    },
    events: {
      // Signing out ends every session of the user, so a copied cookie stops working too.
      async signOut({ token }) {
        if (token?.sub) await endSessions(token.sub, token.sv);
      },
    },
  };
}

/** A validation error of the new password names the field; the sign-in page shows one message. */
function firstMessage(message: string, fieldErrors: Readonly<Record<string, string>>): string {
  return Object.values(fieldErrors)[0] ?? message;
}
