import { loginTokens, mailOutbox, users } from "@greenroom/db/webapp/schema";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeOrganizer, testCtx } from "../../test/factories";
import { codeOf } from "../../test/outcome";
import { consumeMagicLink, MAX_MAGIC_LINKS_PER_WINDOW, previewMagicLink, requestMagicLink } from ".";

const BASE = "https://greenroom.test";

async function linkMailedTo(email: string): Promise<string> {
  const mails = await testCtx().db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
  const match = /https:\/\/greenroom\.test\/signin\/link\/([\w-]{43})/.exec(mails.at(-1)?.text ?? "");
  if (!match?.[1]) throw new Error(`no sign-in link mailed to ${email}`);
  return match[1];
}

describe("magic link sign-in", () => {
  it("mails a link that signs the user in once, stores only its hash, and verifies the email", async () => {
    const user = await makeOrganizer();
    await requestMagicLink({ ctx: testCtx(), input: { email: user.email.toUpperCase(), baseUrl: `${BASE}/ignored/path` } });
    const token = await linkMailedTo(user.email);
    const stored = await testCtx().db.select().from(loginTokens).where(eq(loginTokens.userId, user.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).not.toContain(token);

    const signedIn = await consumeMagicLink({ ctx: testCtx(), input: { token } });
    expect(signedIn.id).toBe(user.id);
    const [row] = await testCtx().db.select().from(users).where(eq(users.id, user.id));
    expect(row?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await codeOf(consumeMagicLink({ ctx: testCtx(), input: { token } }))).toBe("unauthenticated");
  });

  it("names the address a link signs in as without using it, and nothing once it is used", async () => {
    const user = await makeOrganizer();
    await requestMagicLink({ ctx: testCtx(), input: { email: user.email, baseUrl: BASE } });
    const token = await linkMailedTo(user.email);
    expect(await previewMagicLink({ ctx: testCtx(), input: { token } })).toEqual({ email: user.email });
    expect(await previewMagicLink({ ctx: testCtx(), input: { token } })).toEqual({ email: user.email });
    await consumeMagicLink({ ctx: testCtx(), input: { token } });
    expect(await previewMagicLink({ ctx: testCtx(), input: { token } })).toBeNull();
    const later = testCtx(null, () => new Date(Date.now() + 16 * 60_000));
    await requestMagicLink({ ctx: testCtx(), input: { email: user.email, baseUrl: BASE } });
    expect(await previewMagicLink({ ctx: later, input: { token: await linkMailedTo(user.email) } })).toBeNull();
    expect(await codeOf(previewMagicLink({ ctx: testCtx(), input: { token: "not a token" } }))).toBe("invalid");
  });

  it("lets exactly one of two simultaneous uses through", async () => {
    const user = await makeOrganizer();
    await requestMagicLink({ ctx: testCtx(), input: { email: user.email, baseUrl: BASE } });
    const token = await linkMailedTo(user.email);
    const results = await Promise.allSettled([1, 2, 3].map(() => consumeMagicLink({ ctx: testCtx(), input: { token } })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("refuses an expired link", async () => {
    const user = await makeOrganizer();
    const start = new Date("2026-11-22T10:00:00Z");
    await requestMagicLink({ ctx: testCtx(null, () => start), input: { email: user.email, baseUrl: BASE } });
    const token = await linkMailedTo(user.email);
    const later = new Date(start.getTime() + 16 * 60_000);
    expect(await codeOf(consumeMagicLink({ ctx: testCtx(null, () => later), input: { token } }))).toBe("unauthenticated");
  });

  it("sends nothing for an unknown or disabled email, answering the same", async () => {
    const ghost = "ghost-magic@example.test";
    expect(await codeOf(requestMagicLink({ ctx: testCtx(), input: { email: ghost, baseUrl: BASE } }))).toBe("resolved");
    const disabled = await makeOrganizer();
    await testCtx().db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));
    expect(await codeOf(requestMagicLink({ ctx: testCtx(), input: { email: disabled.email, baseUrl: BASE } }))).toBe("resolved");
    const mails = await testCtx().db.select().from(mailOutbox);
    expect(mails.filter((m) => m.to === ghost || m.to === disabled.email)).toEqual([]);
  });

  it("limits how many links one email can ask for", async () => {
    const user = await makeOrganizer();
    const ctx = testCtx();
    for (let i = 0; i < MAX_MAGIC_LINKS_PER_WINDOW; i++) {
      await requestMagicLink({ ctx, input: { email: user.email, baseUrl: BASE } });
    }
    expect(await codeOf(requestMagicLink({ ctx, input: { email: user.email, baseUrl: BASE } }))).toBe("rate_limited");
  });

  it("rejects malformed tokens and base URLs as invalid input", async () => {
    expect(await codeOf(consumeMagicLink({ ctx: testCtx(), input: { token: "short" } }))).toBe("invalid");
    expect(await codeOf(requestMagicLink({ ctx: testCtx(), input: { email: "a@b.test", baseUrl: "javascript:alert(1)" } }))).toBe(
      "invalid",
    );
  });
});
