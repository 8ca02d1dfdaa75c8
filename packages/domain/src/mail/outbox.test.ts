import { createId } from "@paralleldrive/cuid2";
import { describe, expect, it } from "vitest";
import { testCtx } from "../../test/factories";
import { DomainError } from "../errors";
import { listOutbox } from ".";

describe("listOutbox", () => {
  it("lists local mail newest first, optionally for one address, and exists only for the local transport", async () => {
    const ctx = testCtx();
    const to = `Reader-${createId()}@example.test`.toLowerCase();
    await ctx.mail.send({ to, subject: "First", text: "one" });
    await ctx.mail.send({ to, subject: "Second", text: "two" });
    await ctx.mail.send({ to: `other-${createId()}@example.test`, subject: "Elsewhere", text: "three" });
    const mine = await listOutbox({ ctx, input: { mailTransport: "local", to: to.toUpperCase() } });
    expect(mine.map((m) => m.subject)).toEqual(["Second", "First"]);
    expect((await listOutbox({ ctx, input: { mailTransport: "local", to: "" } })).length).toBeGreaterThanOrEqual(3);
    for (const mailTransport of ["http", undefined]) {
      const error = await listOutbox({ ctx, input: { mailTransport, to } }).catch((e: unknown) => e);
      expect(error instanceof DomainError && error.code).toBe("not_found");
    }
  });
});
