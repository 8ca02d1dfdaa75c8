import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { makeEvent, makeOrganizer } from "../../test/factories";
import { getEvent } from "../events";
import { roomRecordingOperation } from ".";

/** An operation row as a flow leaves it, created in the given second. */
async function operationRow(row: { id: string; kind: string; accountId: string; roomId: string; state: string; params: string; at: number }) {
  await env.WEBAPP_DB.prepare(
    `INSERT INTO operations (id, kind, account_id, subject_type, subject_id, state, step, attempts, instance_id, params, created_at, updated_at, deadline_at)
     VALUES (?, ?, ?, 'room', ?, ?, '', 1, ?, ?, ?, ?, ?)`,
  )
    .bind(row.id, row.kind, row.accountId, row.roomId, row.state, row.id, row.params, row.at, row.at, row.at + 600)
    .run();
}

describe("the recording panel", () => {
  it("follows the stop a host sent in the same second as the start it stops, whatever the two ids", async () => {
    const org = await makeOrganizer();
    const event = await makeEvent(org, { rooms: [{ name: "Main stage", kind: "stage" }] });
    const { rooms } = await getEvent({ ctx: org.ctx, input: { eventId: event.id } });
    const roomId = rooms[0]?.id ?? "";
    const at = Math.floor(Date.now() / 1000);
    // Minted ids are random: here the stop's sorts before the start's, as it does about half the time.
    const start = `z${"0".repeat(23)}`;
    const stop = `a${"0".repeat(23)}`;
    await operationRow({ id: start, kind: "start_recording", accountId: org.accountId, roomId, state: "completed", params: "{}", at });
    await operationRow({ id: stop, kind: "stop_recording", accountId: org.accountId, roomId, state: "running", params: JSON.stringify({ sessionId: start }), at });

    const panel = await roomRecordingOperation({ ctx: org.ctx, input: { roomId } });
    expect(panel.operation).toMatchObject({ id: stop, kind: "stop_recording", state: "running" });
    expect(panel.recording).toBe(false);
  });
});
