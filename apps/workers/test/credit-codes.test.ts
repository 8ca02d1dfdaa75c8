import { introspectWorkflowInstance } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import type { Ctx } from "@greenroom/domain/context";
import { accountCredits, checkCharacter, codeBatchCsv, createCodeBatch, deriveCode, listCodeBatches, redeemCreditCode } from "@greenroom/domain/credits";
import type { StageApi } from "@greenroom/stage";
import { describe, expect, it } from "vitest";
import { makeOrganizer, testCtx } from "../../../packages/domain/test/factories";

// Redemption codes end to end inside workerd: the verbs write the webapp D1, grant on the account's shard over the
// real RPC entrypoint, and the grant-credit Workflow (and the reconciler) finish what a failed shard write left.

const rpc = exports.StageRpc as unknown as StageApi;
const ctxOf = (userId: string, stage: StageApi = rpc, now?: () => Date): Ctx => ({ ...testCtx({ userId }, now), stage });
const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

type Introspector = Awaited<ReturnType<typeof introspectWorkflowInstance>>;
type Modifier = Parameters<Parameters<Introspector["modify"]>[0]>[0];

async function watch(instanceId: string, faults: (m: Modifier) => Promise<void> = async () => {}): Promise<Introspector> {
  const instance = await introspectWorkflowInstance(env.GRANT_CREDIT, instanceId);
  await instance.modify(async (m) => {
    await m.disableSleeps();
    await m.disableRetryDelays();
    await faults(m);
  });
  return instance;
}

async function platformAdmin() {
  const admin = await makeOrganizer();
  await env.WEBAPP_DB.prepare("UPDATE users SET platform_role = 'admin' WHERE id = ?").bind(admin.id).run();
  return ctxOf(admin.id);
}

async function csvText(ctx: Ctx, batchId: string): Promise<string> {
  const { body } = await codeBatchCsv({ ctx, input: { batchId } });
  return new Response(body).text();
}

async function batchOf(over: Partial<Parameters<typeof createCodeBatch>[0]["input"]> = {}) {
  const admin = await platformAdmin();
  const { batchId } = await createCodeBatch({
    ctx: admin,
    input: { label: "Launch partners", valueMinutes: 30, count: 3, expiresOn: inAYear(), uses: "single", ...over },
  });
  const lines = (await csvText(admin, batchId)).trim().split("\n");
  return { admin, batchId, header: lines[0], codes: lines.slice(1).map((l) => l.split(",")[0] ?? "") };
}

async function shardOf(accountId: string): Promise<D1Database> {
  const row = await env.WEBAPP_DB.prepare("SELECT shard_id FROM account_shards WHERE account_id = ?").bind(accountId).first<{ shard_id: string }>();
  if (!row) throw new Error("no shard assigned");
  return row.shard_id === "0000" ? env.SESSIONS_DB_0000 : env.SESSIONS_DB_0001;
}

const ledgerRows = async (accountId: string) =>
  (await (await shardOf(accountId)).prepare("SELECT kind, amount, source_type, source_id FROM credit_ledger WHERE account_id = ?").bind(accountId).all()).results;

const claimOf = (accountId: string) =>
  env.WEBAPP_DB.prepare("SELECT id, status, operation_id FROM credit_claims WHERE account_id = ?").bind(accountId).first<{ id: string; status: string; operation_id: string }>();

const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as { code: string; message: string; fieldErrors?: Record<string, string[]> });

describe("redemption code batches", () => {
  it("a platform admin makes a batch; its CSV lists typeable codes, and the database keeps only their hashes", async () => {
    const { admin, batchId, header, codes } = await batchOf({ count: 5 });
    expect(header).toBe("code,minutes,accounts_per_code,redeemed,last_day,batch");
    expect(codes).toHaveLength(5);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]$/);
    expect(new Set(codes).size).toBe(5);
    // The CSV comes out the same again (the codes are derived, not stored).
    expect((await csvText(admin, batchId)).trim().split("\n").slice(1).map((l) => l.split(",")[0])).toEqual(codes);
    const stored = JSON.stringify((await env.WEBAPP_DB.prepare("SELECT * FROM credit_codes WHERE batch_id = ?").bind(batchId).all()).results);
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace(/-/g, ""));
    }
    expect(await env.WEBAPP_DB.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ? AND action = 'credit_codes.create'").bind(batchId).first("n")).toBe(1);
    const listed = (await listCodeBatches({ ctx: admin })).find((b) => b.id === batchId);
    expect(listed).toMatchObject({ label: "Launch partners", valueMinutes: 30, codeCount: 5, maxUses: 1, granted: 0, pending: 0 });
  });

  it("is not found for anyone but a platform admin, and refuses bad input with field messages", async () => {
    const organizer = await makeOrganizer();
    const input = { label: "x", valueMinutes: 10, count: 1, expiresOn: inAYear(), uses: "single" as const };
    expect(await failure(createCodeBatch({ ctx: ctxOf(organizer.id), input }))).toMatchObject({ code: "not_found" });
    const { batchId } = await batchOf({ count: 1 });
    expect(await failure(codeBatchCsv({ ctx: ctxOf(organizer.id), input: { batchId } }))).toMatchObject({ code: "not_found" });
    expect(await failure(listCodeBatches({ ctx: ctxOf(organizer.id) }))).toMatchObject({ code: "not_found" });
    const admin = await platformAdmin();
    const bad = await failure(createCodeBatch({ ctx: admin, input: { label: "", valueMinutes: 0, count: 5000, expiresOn: "2001-01-01", uses: "multi" } }));
    expect(bad).toMatchObject({ code: "invalid" });
    expect(Object.keys(bad?.fieldErrors ?? {}).sort()).toEqual(["count", "label", "maxUses", "valueMinutes"]);
    expect(await failure(createCodeBatch({ ctx: admin, input: { ...input, expiresOn: "2001-01-01" } }))).toMatchObject({
      code: "invalid",
      fieldErrors: { expiresOn: [expect.any(String)] },
    });
  });
});

describe("redeeming a code", () => {
  it("grants the code's minutes once, keyed by the claim, and shows them in the account's ledger", async () => {
    const { codes } = await batchOf();
    const owner = await makeOrganizer();
    const typed = (codes[0] ?? "").toLowerCase().replace(/-/g, " ");
    const result = await redeemCreditCode({ ctx: ctxOf(owner.id), input: { accountId: owner.accountId, code: typed } });
    expect(result).toEqual({ status: "granted", minutes: 30, balance: 30 });
    const claim = await claimOf(owner.accountId);
    expect(claim?.status).toBe("granted");
    expect(await ledgerRows(owner.accountId)).toEqual([{ kind: "redemption", amount: 30, source_type: "redemption", source_id: claim?.id }]);
    expect(await env.WEBAPP_DB.prepare("SELECT state FROM operations WHERE id = ?").bind(claim?.operation_id).first("state")).toBe("completed");
    // Again by the same account, and by another: refused with a field message, nothing more granted.
    expect(await failure(redeemCreditCode({ ctx: ctxOf(owner.id), input: { accountId: owner.accountId, code: codes[0] ?? "" } }))).toMatchObject({
      code: "invalid",
      fieldErrors: { code: ["This account has already redeemed this code."] },
    });
    const other = await makeOrganizer();
    expect(await failure(redeemCreditCode({ ctx: ctxOf(other.id), input: { accountId: other.accountId, code: codes[0] ?? "" } }))).toMatchObject({
      fieldErrors: { code: ["This code has already been used."] },
    });
    const credits = await accountCredits({ ctx: ctxOf(owner.id), input: { accountId: owner.accountId } });
    expect(credits).toMatchObject({ balance: 30, pending: [], entries: [{ kind: "redemption", amount: 30, memo: expect.stringContaining("Redemption code") }] });
    expect(await ledgerRows(owner.accountId)).toHaveLength(1);
  });

  it("a multi-use code serves as many accounts as it allows, each once", async () => {
    const { codes } = await batchOf({ uses: "multi", maxUses: 2, count: 1, valueMinutes: 15 });
    const [a, b, c] = await Promise.all([makeOrganizer(), makeOrganizer(), makeOrganizer()]);
    const redeem = (o: typeof a) => redeemCreditCode({ ctx: ctxOf(o.id), input: { accountId: o.accountId, code: codes[0] ?? "" } });
    expect(await redeem(a)).toMatchObject({ status: "granted", balance: 15 });
    expect(await failure(redeem(a))).toMatchObject({ fieldErrors: { code: ["This account has already redeemed this code."] } });
    expect(await redeem(b)).toMatchObject({ status: "granted", balance: 15 });
    expect(await failure(redeem(c))).toMatchObject({ fieldErrors: { code: ["This code has been used as often as it may be."] } });
    expect(await claimOf(c.accountId)).toBeNull();
  });

  it("refuses a typo before any lookup, an unknown code, an expired one, and another account (404)", async () => {
    const { codes } = await batchOf({ count: 1 });
    const owner = await makeOrganizer();
    const redeem = (code: string, ctx = ctxOf(owner.id), accountId = owner.accountId) => failure(redeemCreditCode({ ctx, input: { accountId, code } }));
    const code = codes[0] ?? "";
    const typo = code.slice(0, 2) + (code[2] === "Z" ? "Y" : "Z") + code.slice(3);
    expect(await redeem(typo)).toMatchObject({ code: "invalid", fieldErrors: { code: [expect.stringContaining("typo")] } });
    const unknown = await deriveCode("another-secret-entirely-of-32-characters", "x", 0);
    expect(await redeem(unknown)).toMatchObject({ fieldErrors: { code: ["There is no such code. Check it and try again."] } });
    const later = ctxOf(owner.id, rpc, () => new Date(Date.now() + 2 * 365 * 86_400_000));
    expect(await redeem(code, later)).toMatchObject({ fieldErrors: { code: ["This code has expired."] } });
    const stranger = await makeOrganizer();
    expect(await redeem(code, ctxOf(stranger.id))).toMatchObject({ code: "not_found" });
    expect(await failure(accountCredits({ ctx: ctxOf(stranger.id), input: { accountId: owner.accountId } }))).toMatchObject({ code: "not_found" });
    expect(await claimOf(owner.accountId)).toBeNull();
    // The code still works for its owner.
    expect(await redeemCreditCode({ ctx: ctxOf(owner.id), input: { accountId: owner.accountId, code } })).toMatchObject({ status: "granted" });
  });

  it("limits guessing per account (only its owners' attempts count) and per IP", async () => {
    const owner = await makeOrganizer();
    const stranger = await makeOrganizer();
    const guess = async (i: number) => {
      const body = (await deriveCode("guessing-secret-of-at-least-32-characters", owner.accountId, i)).slice(0, 12);
      return body + checkCharacter(body);
    };
    // A stranger's attempts on the account are not found and do not use its slots.
    for (let i = 0; i < 3; i++) expect(await failure(redeemCreditCode({ ctx: ctxOf(stranger.id), input: { accountId: owner.accountId, code: await guess(i) } }))).toMatchObject({ code: "not_found" });
    for (let i = 0; i < 20; i++) {
      expect(await failure(redeemCreditCode({ ctx: ctxOf(owner.id), input: { accountId: owner.accountId, code: await guess(i) } }))).toMatchObject({ code: "invalid" });
    }
    const { codes } = await batchOf({ count: 1 });
    expect(await failure(redeemCreditCode({ ctx: ctxOf(owner.id), input: { accountId: owner.accountId, code: codes[0] ?? "" } }))).toMatchObject({ code: "rate_limited" });
    expect(await claimOf(owner.accountId)).toBeNull();
    // Per IP: 60 attempts from one address over many accounts, then refused.
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}`;
    await env.WEBAPP_DB.prepare("DELETE FROM auth_throttle WHERE key = ?").bind(`redeem-ip:${ip}`).run();
    const accounts = await Promise.all(Array.from({ length: 4 }, () => makeOrganizer()));
    let refused = 0;
    for (let i = 0; i < 64; i++) {
      const who = accounts[i % 4] ?? owner;
      const error = await failure(redeemCreditCode({ ctx: ctxOf(who.id), input: { accountId: who.accountId, code: await guess(100 + i), ip } }));
      if (error?.code === "rate_limited") refused++;
    }
    expect(refused).toBe(4);
  });

  it("50 concurrent redemptions of a single-use code by 50 accounts give exactly one grant", async () => {
    const { codes, batchId } = await batchOf({ count: 1, valueMinutes: 45 });
    const owners = await Promise.all(Array.from({ length: 50 }, () => makeOrganizer()));
    const results = await Promise.all(
      owners.map((o) => redeemCreditCode({ ctx: ctxOf(o.id), input: { accountId: o.accountId, code: codes[0] ?? "" } }).then((r) => r.status, (e: { code: string }) => e.code)),
    );
    expect(results.filter((r) => r === "granted")).toHaveLength(1);
    expect(results.filter((r) => r === "invalid")).toHaveLength(49);
    expect(await env.WEBAPP_DB.prepare("SELECT uses FROM credit_codes WHERE batch_id = ?").bind(batchId).first("uses")).toBe(1);
    const claims = await env.WEBAPP_DB.prepare("SELECT c.account_id FROM credit_claims c JOIN credit_codes k ON k.id = c.code_id WHERE k.batch_id = ?").bind(batchId).all<{ account_id: string }>();
    expect(claims.results).toHaveLength(1);
    let entries = 0;
    for (const o of owners) {
      const shard = await shardOf(o.accountId);
      entries += Number(await shard.prepare("SELECT COUNT(*) AS n FROM credit_ledger WHERE account_id = ?").bind(o.accountId).first("n"));
    }
    expect(entries).toBe(1);
  });

  it("10 concurrent redemptions of one code by the same account claim it once and grant once", async () => {
    const { codes, batchId } = await batchOf({ uses: "multi", maxUses: 5, count: 1 });
    const owner = await makeOrganizer();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        redeemCreditCode({ ctx: ctxOf(owner.id), input: { accountId: owner.accountId, code: codes[0] ?? "" } }).then((r) => r.status, (e: { code: string }) => e.code),
      ),
    );
    // A request that finds the claim still pending finishes the same claim (same key): it answers granted too.
    expect(results.every((r) => r === "granted" || r === "invalid")).toBe(true);
    expect(results).toContain("granted");
    expect(await env.WEBAPP_DB.prepare("SELECT uses FROM credit_codes WHERE batch_id = ?").bind(batchId).first("uses")).toBe(1);
    expect(await claimOf(owner.accountId)).toMatchObject({ status: "granted" });
    expect(await ledgerRows(owner.accountId)).toHaveLength(1);
  });
});

describe("a grant whose shard write failed", () => {
  it("answers pending with the operation, shows the pending grant, and the Workflow finishes it with the same key", async () => {
    const { codes } = await batchOf({ count: 1, valueMinutes: 20 });
    const owner = await makeOrganizer();
    let instance: Introspector | undefined;
    // The shard write happens but its answer is lost: the Workflow's retry must find the entry, not add one.
    const flaky: StageApi = {
      ...rpc,
      appendCredit: async (input) => {
        await rpc.appendCredit(input);
        throw new Error("connection reset");
      },
      startOperation: async (input) => {
        instance = await watch(input.instanceId ?? input.operationId);
        return rpc.startOperation(input);
      },
    };
    try {
      const result = await redeemCreditCode({ ctx: ctxOf(owner.id, flaky), input: { accountId: owner.accountId, code: codes[0] ?? "" } });
      expect(result).toMatchObject({ status: "pending", minutes: 20, operation: { kind: "grant_credit", subjectType: "credit_claim", state: "running" } });
      await instance?.waitForStatus("complete");
    } finally {
      await instance?.dispose();
    }
    const claim = await claimOf(owner.accountId);
    expect(claim?.status).toBe("granted");
    expect(await ledgerRows(owner.accountId)).toEqual([{ kind: "redemption", amount: 20, source_type: "redemption", source_id: claim?.id }]);
    expect(await env.WEBAPP_DB.prepare("SELECT state FROM operations WHERE id = ?").bind(claim?.operation_id).first("state")).toBe("completed");
    expect(await accountCredits({ ctx: ctxOf(owner.id), input: { accountId: owner.accountId } })).toMatchObject({ balance: 20, pending: [] });
  });

  it("when the shard is down and the Workflow's start is lost, the page shows the pending grant and the reconciler grants it once", async () => {
    const { codes } = await batchOf({ count: 1, valueMinutes: 25 });
    const owner = await makeOrganizer();
    const down: StageApi = {
      ...rpc,
      appendCredit: async () => ({ ok: false, code: "conflict", message: "shard unavailable" }),
      startOperation: async () => ({ ok: true, value: { instanceId: "", created: false } }),
    };
    const result = await redeemCreditCode({ ctx: ctxOf(owner.id, down), input: { accountId: owner.accountId, code: codes[0] ?? "" } });
    expect(result.status).toBe("pending");
    const claim = await claimOf(owner.accountId);
    expect(claim?.status).toBe("claimed");
    expect(await accountCredits({ ctx: ctxOf(owner.id), input: { accountId: owner.accountId } })).toMatchObject({
      balance: 0,
      pending: [{ claimId: claim?.id, minutes: 25, operationId: claim?.operation_id }],
    });
    // A shard that does not answer the read: the pending grant still shows, the balance is marked unavailable.
    const unreadable: StageApi = { ...rpc, creditLedger: async () => ({ ok: false, code: "conflict", message: "shard unavailable" }) };
    expect(await accountCredits({ ctx: ctxOf(owner.id, unreadable), input: { accountId: owner.accountId } })).toMatchObject({
      unavailable: true,
      pending: [{ claimId: claim?.id }],
    });
    const operationId = claim?.operation_id ?? "";
    await env.WEBAPP_DB.prepare("UPDATE operations SET deadline_at = 0 WHERE id = ?").bind(operationId).run();
    // The first resumed instance fails its grant step for good; the next one finishes.
    const first = await watch(`${operationId}-r2`, (m) => m.mockStepError({ name: "grant credit" }, new Error("shard still down")));
    try {
      const pass = await rpc.reconcile({});
      expect(pass.ok && pass.value.outcomes).toContainEqual({ operationId, instanceStatus: "unknown", did: "resumed", instanceId: `${operationId}-r2` });
      await first.waitForStatus("errored");
    } finally {
      await first.dispose();
    }
    expect(await claimOf(owner.accountId)).toMatchObject({ status: "claimed" });
    await env.WEBAPP_DB.prepare("UPDATE operations SET deadline_at = 0 WHERE id = ?").bind(operationId).run();
    const second = await watch(`${operationId}-r3`);
    try {
      await rpc.reconcile({});
      await second.waitForStatus("complete");
    } finally {
      await second.dispose();
    }
    expect(await claimOf(owner.accountId)).toMatchObject({ status: "granted" });
    expect(await ledgerRows(owner.accountId)).toEqual([{ kind: "redemption", amount: 25, source_type: "redemption", source_id: claim?.id }]);
    expect(await env.WEBAPP_DB.prepare("SELECT state, attempts FROM operations WHERE id = ?").bind(operationId).first()).toEqual({ state: "completed", attempts: 3 });
  });
});
