import { users } from "@greenroom/db/webapp/schema";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeOrganizer, testCtx } from "../../test/factories";
import { codeOf, failure } from "../../test/outcome";
import { setPassword, verifyCredentials } from ".";

const hashOf = async (id: string) => (await testCtx().db.select().from(users).where(eq(users.id, id)))[0]?.passwordHash;

describe("setPassword", () => {
  it("sets a password on an account without one, then a change needs the current one; unverified or signed out: refused", async () => {
    const person = await makeOrganizer();
    // As after registering for a ticket: a verified account with no password.
    await testCtx().db.update(users).set({ passwordHash: null }).where(eq(users.id, person.id));
    await setPassword({ ctx: person.ctx, input: { password: "a brand new password", currentPassword: "" } });
    expect(await verifyCredentials({ ctx: testCtx(), input: { email: person.email, password: "a brand new password" } })).toMatchObject({ id: person.id });

    const before = await hashOf(person.id);
    const wrong = await failure(setPassword({ ctx: person.ctx, input: { password: "another password!", currentPassword: "nope" } }));
    expect(wrong).toMatchObject({ code: "invalid", fieldErrors: { currentPassword: ["That is not your current password."] } });
    expect(await codeOf(setPassword({ ctx: person.ctx, input: { password: "another password!" } }))).toBe("invalid");
    expect(await hashOf(person.id)).toBe(before);
    await setPassword({ ctx: person.ctx, input: { password: "another password!", currentPassword: "a brand new password" } });
    expect(await hashOf(person.id)).not.toBe(before);
    expect(await codeOf(setPassword({ ctx: person.ctx, input: { password: "short" } }))).toBe("invalid");

    const unverified = await makeOrganizer({ verified: false });
    expect(await codeOf(setPassword({ ctx: unverified.ctx, input: { password: "a brand new password", currentPassword: "correct horse battery" } }))).toBe("conflict");
    expect(await codeOf(setPassword({ ctx: testCtx(), input: { password: "a brand new password" } }))).toBe("unauthenticated");
  });
});
