import { webappDb } from "@greenroom/db/webapp/client";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { countingD1 } from "../../test/counting-d1";
import { grantRole, makeEvent, makeEventWithRooms, makeOrganizer } from "../../test/factories";
import { SYSTEM_ROLES } from "../access";
import { createApiKey, listApiKeys, revokeApiKey } from "../api-keys";
import type { Ctx } from "../context";
import { outboxMailer } from "../mail";
import { apiKeysPage } from ".";

async function counted<T>(ctx: Ctx, load: (ctx: Ctx) => Promise<T>): Promise<{ value: T; roundTrips: number }> {
  const d1 = countingD1(env.WEBAPP_DB);
  const counting = webappDb(d1.db);
  const value = await load({ ...ctx, db: counting, mail: outboxMailer(counting, ctx.now) });
  return { value, roundTrips: d1.roundTrips() };
}

describe("the API keys page", () => {
  it("shows in one round trip the keys listApiKeys gives, with their states, and the accounts and events a key may use", async () => {
    const { owner, event } = await makeEventWithRooms();
    const second = await makeEvent(owner, { name: "Second event" });
    const kept = await createApiKey({ ctx: owner.ctx, input: { accountId: owner.accountId, name: "CI", scopes: ["events:write"] } });
    const gone = await createApiKey({
      ctx: owner.ctx,
      input: { accountId: owner.accountId, name: "Old", scopes: ["events:read"], eventIds: [event.id] },
    });
    await revokeApiKey({ ctx: owner.ctx, input: { keyId: gone.id } });

    const { value, roundTrips } = await counted(owner.ctx, (ctx) => apiKeysPage({ ctx, input: {} }));
    expect(roundTrips).toBe(1);
    expect(value.verified).toBe(true);
    expect(value.keys).toEqual(await listApiKeys({ ctx: owner.ctx, input: {} }));
    expect(value.keys.map((k) => [k.id, k.state, k.eventIds])).toEqual([
      [gone.id, "revoked", [event.id]],
      [kept.id, "active", null],
    ]);
    expect(value.accounts.map((a) => a.id)).toEqual([owner.accountId]);
    expect(value.events.map((e) => e.id).sort()).toEqual([event.id, second.id].sort());
    expect(value.events.every((e) => e.accountId === owner.accountId)).toBe(true);
  });

  it("offers a speaker the account of their grant and only that event; another tenant sees none of it", async () => {
    const { owner, event, main } = await makeEventWithRooms();
    await makeEvent(owner, { name: "Not shared" });
    const ownersKey = await createApiKey({ ctx: owner.ctx, input: { accountId: owner.accountId, name: "CI", scopes: ["events:read"] } });
    const speaker = await makeOrganizer({ name: "Speaker" });
    await grantRole({ accountId: owner.accountId, userId: speaker.id, eventId: event.id, roomId: main.id, roleId: SYSTEM_ROLES.speaker.id });

    const speakers = await apiKeysPage({ ctx: speaker.ctx, input: {} });
    expect(speakers.accounts.map((a) => a.id).sort()).toEqual([speaker.accountId, owner.accountId].sort());
    expect(speakers.events.map((e) => e.id)).toEqual([event.id]);
    expect(speakers.keys).toEqual([]);

    const stranger = await makeOrganizer();
    const strangers = await apiKeysPage({ ctx: stranger.ctx, input: {} });
    expect(strangers.accounts.map((a) => a.id)).toEqual([stranger.accountId]);
    expect(strangers.events).toEqual([]);
    expect(strangers.keys.map((k) => k.id)).not.toContain(ownersKey.id);
  });

  it("tells an unverified user apart, so the page can ask them to verify first", async () => {
    const unverified = await makeOrganizer({ verified: false });
    expect((await apiKeysPage({ ctx: unverified.ctx, input: {} })).verified).toBe(false);
  });
});
