import { getCloudflareContext } from "@opennextjs/cloudflare";
import { webappConfig } from "@greenroom/config/env";
import { webappDb } from "@greenroom/db/webapp/client";
import { clientIpFrom, consumeMagicLink, currentSessionUser, verifyCredentials, verifyEmail } from "@greenroom/domain/auth";
import { isDomainError } from "@greenroom/domain/errors";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { domainContext } from "./server/domain-context";
import { perRequest } from "./server/per-request";
import { requestInput } from "./server/transport";

class TooManyAttempts extends CredentialsSignin {
  override code = "rate_limited";
}
class AccountDisabled extends CredentialsSignin {
  override code = "disabled";
}
class WrongSignUpPassword extends CredentialsSignin {
  override code = "wrong_signup_password";
}
class LinkExpired extends CredentialsSignin {
  override code = "link_expired";
}

declare module "next-auth" {
  interface User {
    sessionVersion?: number;
    platformRole?: "user" | "admin";
    // Not Auth.js's `emailVerified` (a Date, for its adapters): whether the address was proven by a mailed link.
    addressVerified?: boolean;
  }
}


// Bindings exist only inside a request, so the configuration is built per request.
export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  // Parsed once per env object; a missing or malformed setting fails here, on the first request, naming it.
  const config = webappConfig((await getCloudflareContext({ async: true })).env);
  const ctx = domainContext(config, webappDb(config.bindings.WEBAPP_DB), null);
  return {
    secret: config.authSecret,
    trustHost: config.authTrustHost,
    session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
    pages: { signIn: "/signin" },
    // Only the error's name reaches the log: never credentials, tokens or request bodies.
    logger: {
      error: (error) => {
        const type = (error as { type?: string }).type ?? error.name;
        if (type !== "CredentialsSignin") console.error(`[auth] ${type}`);
      },
      warn: (code) => console.warn(`[auth] ${code}`),
      debug: () => {},
    },
    providers: [
      Credentials({
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        authorize: async (credentials, request) => {
          try {
            const user = await verifyCredentials({
              ctx,
              input: requestInput({ email: credentials.email, password: credentials.password, ip: clientIpFrom(request?.headers) }),
            });
            return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion, addressVerified: user.emailVerified };
          } catch (error) {
            if (!isDomainError(error)) throw error;
            if (error.code === "rate_limited") throw new TooManyAttempts();
            if (error.code === "forbidden") throw new AccountDisabled();
            return null;
          }
        },
      }),
      // The verification link mailed at sign-up, followed while signed out: it signs the mailbox's owner in.
      Credentials({
        id: "verify-link",
        name: "Verification link",
        credentials: { token: { label: "Token" }, password: { label: "Password", type: "password" } },
        authorize: async (credentials) => {
          try {
            const password = typeof credentials.password === "string" && credentials.password ? credentials.password : undefined;
            const user = await verifyEmail({ ctx, input: requestInput({ token: credentials.token, password }) });
            return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion, addressVerified: user.emailVerified };
          } catch (error) {
            if (!isDomainError(error)) throw error;
            if (error.code === "forbidden") throw new AccountDisabled();
            if (error.code === "invalid") throw new WrongSignUpPassword();
            throw new LinkExpired();
          }
        },
      }),
      Credentials({
        id: "magic-link",
        name: "Sign-in link",
        credentials: { token: { label: "Token" } },
        authorize: async (credentials) => {
          try {
            const user = await consumeMagicLink({ ctx, input: requestInput({ token: credentials.token }) });
            return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion, addressVerified: user.emailVerified };
          } catch (error) {
            if (!isDomainError(error)) throw error;
            if (error.code === "forbidden") throw new AccountDisabled();
            throw new LinkExpired();
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          token.sv = user.sessionVersion ?? 0;
          token.emailVerified = user.addressVerified === true;
          return token;
        }
        // Every request re-checks the user (once: see currentSession), so disabling them or ending their
        // sessions takes effect at once.
        if (!token.sub) return null;
        const current = await currentSessionUser({
          ctx,
          input: { userId: token.sub, sessionVersion: Number(token.sv ?? 0) },
        });
        if (!current) return null;
        token.name = current.name;
        token.email = current.email;
        token.platformRole = current.platformRole;
        token.emailVerified = current.emailVerified;
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        // The version this session was issued under: the live room's token carries it (see server/live-room.ts).
        session.user.sessionVersion = Number(token.sv ?? 0);
        // For navigation only; the admin area re-checks the role on the server in every verb.
        session.user.platformRole = token.platformRole === "admin" ? "admin" : "user";
        // Read afresh on every request (see jwt above): drives the "verify your email" banner only.
        session.user.addressVerified = token.emailVerified === true;
        return session;
      },
    },
  };
});

/**
 * The session of this request, memoized per request (`perRequest`, keyed by the request's headers object): the
 * root layout, the page, requestContext(), a server action and its re-render all share one `auth()` call, so the
 * user behind the token is read from D1 once per request. Only the result is kept, and only for this request.
 */
export const currentSession = perRequest(() => auth());
