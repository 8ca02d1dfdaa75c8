import { auditLog, loginTokens } from "@greenroom/db/webapp/schema";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeEvent, makeOrganizer, testCtx } from "../../test/factories";
import { codeOf } from "../../test/outcome";
import { API_SCOPES, authenticateApiKey, createApiKey, revokeApiKey } from "../api-keys";
import type { Ctx } from "../context";
import { hashSecretToken } from "../secret-token";
import { consumeMagicLink, createAgentSignInLink } from ".";

const BASE = "https://greenroom.example";

async function keyCtx(owner: Awaited<ReturnType<typeof makeOrganizer>>, scopes: string[], eventIds: string[] = []): Promise<Ctx> {
  const key = await createApiKey({ ctx: owner.ctx, input: { accountId: owner.accountId, name: "agent", scopes, eventIds } });
  const caller = await authenticateApiKey({ ctx: testCtx(), input: { secret: key.secret }, defer: () => undefined });
  return testCtx({ userId: caller.userId, key: caller.key });
}

const tokensOf = (userId: string) => testCtx().db.select().from(loginTokens).where(eq(loginTokens.userId, userId));

describe("an agent's sign-in link", () => {
  it("with a full key is the webapp's sign-in link for the key's user: single use, ten minutes, stored hashed", async () => {
    const owner = await makeOrganizer();
    const ctx = await keyCtx(owner, [...API_SCOPES]);
    const before = Date.now();
    const link = await createAgentSignInLink({ ctx, input: { baseUrl: `${BASE}/ignored/path` } });
    expect(link.url).toMatch(/^https:\/\/greenroom\.example\/signin\/link\/[\w-]{43}$/);
    const token = link.url.split("/").pop() ?? "";

    const [row] = await tokensOf(owner.id);
    expect(row?.purpose).toBe("sign_in");
    expect(row?.tokenHash).toBe(await hashSecretToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const minutes = ((row?.expiresAt.getTime() ?? 0) - before) / 60_000;
    expect(minutes).toBeGreaterThan(9.9);
    expect(minutes).toBeLessThanOrEqual(10.01);

    expect((await consumeMagicLink({ ctx: testCtx(), input: { token } })).id).toBe(owner.id);
    expect(await codeOf(consumeMagicLink({ ctx: testCtx(), input: { token } }))).toBe("unauthenticated");
  });

  it("is refused to a key short of a permission (no check-in scope), or limited to chosen events, and no token is written", async () => {
    const owner = await makeOrganizer();
    const event = await makeEvent(owner);
    const missingOne = await keyCtx(owner, API_SCOPES.filter((s) => !s.startsWith("checkins:")));
    const limited = await keyCtx(owner, [...API_SCOPES], [event.id]);
    for (const ctx of [missingOne, limited]) {
      expect(await codeOf(createAgentSignInLink({ ctx, input: { baseUrl: BASE } }))).toBe("forbidden");
    }
    expect(await tokensOf(owner.id)).toEqual([]);
  });

  it("is refused to a key revoked after it authenticated, and to a person without a key; no token is written", async () => {
    const owner = await makeOrganizer();
    const key = await createApiKey({ ctx: owner.ctx, input: { accountId: owner.accountId, name: "agent", scopes: [...API_SCOPES], eventIds: [] } });
    const caller = await authenticateApiKey({ ctx: testCtx(), input: { secret: key.secret }, defer: () => undefined });
    await revokeApiKey({ ctx: owner.ctx, input: { keyId: key.id } });
    const ctx = testCtx({ userId: caller.userId, key: caller.key });
    expect(await codeOf(createAgentSignInLink({ ctx, input: { baseUrl: BASE } }))).toBe("unauthenticated");
    expect(await codeOf(createAgentSignInLink({ ctx: owner.ctx, input: { baseUrl: BASE } }))).toBe("forbidden");
    expect(await tokensOf(owner.id)).toEqual([]);
  });

  it("writes an audit row naming the key", async () => {
    const owner = await makeOrganizer();
    const ctx = await keyCtx(owner, [...API_SCOPES]);
    await createAgentSignInLink({ ctx, input: { baseUrl: BASE } });
    const rows = await testCtx().db.select().from(auditLog).where(eq(auditLog.action, "api_key.sign_in_link"));
    expect(rows.filter((r) => r.actorId === owner.id)).toHaveLength(1);
    expect(rows.find((r) => r.actorId === owner.id)?.targetId).toBe(ctx.actor?.key?.id);
  });
});
