import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import type { Browser, Page } from "@playwright/test";
import { makeKey } from "./api-key";
import { createEvent, expect, newPerson, type Person, publishAnyway, signUp, test } from "./fixtures";

// Journey 4 of PRODUCT.md, end to end on the built Workers: a host records a room, two people go on and off stage,
// the host stops, each person finds exactly their own clips, and deleting the event (202, then its progress) removes
// its recordings, stage events and clips from the account's sessions shard.

const ROOT = resolve(import.meta.dirname, "..");

/** Rows of the event on each sessions shard, read straight from the e2e server's local D1 state. */
function shardRows(eventId: string): number[] {
  return ["SESSIONS_DB_0000", "SESSIONS_DB_0001"].map((shard) => {
    const out = execFileSync(
      "pnpm",
      [
        "exec",
        "wrangler",
        "d1",
        "execute",
        shard,
        "--local",
        "-c",
        "apps/workers/wrangler.jsonc",
        "--persist-to",
        ".wrangler/e2e",
        "--json",
        "--command",
        `SELECT (SELECT COUNT(*) FROM recording_sessions WHERE event_id = '${eventId}') + (SELECT COUNT(*) FROM stage_events WHERE event_id = '${eventId}') + (SELECT COUNT(*) FROM participant_clips WHERE event_id = '${eventId}') AS n`,
      ],
      { cwd: ROOT, encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
    );
    return Number(JSON.parse(out)[0].results[0].n);
  });
}

/** Invites `person` as a speaker and has them sign up from the link in a browser of their own. */
async function inviteSpeaker(host: Page, browser: Browser, person: Person): Promise<Page> {
  await host.getByLabel("Email").fill(person.email);
  await host.getByLabel("Role").selectOption({ label: "Speaker" });
  await host.getByRole("button", { name: "Send invitation" }).click();
  // The previous invitation's link stays on the page until this one's answer replaces it.
  await expect(host.getByText(`Invitation sent to ${person.email}.`)).toBeVisible();
  const link = await host.getByLabel("Invitation link").inputValue();
  const page = await (await browser.newContext()).newPage();
  await page.goto(link);
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("You've accepted this invitation.")).toBeVisible();
  return page;
}

test("a host records two speakers on and off stage; each finds exactly their own clips; deleting the event clears the shard", async ({
  page,
  browser,
}) => {
  test.slow();
  await signUp(page, newPerson("host"));
  const eventUrl = await createEvent(page, "Clip Night");
  const eventId = new URL(eventUrl).pathname.split("/").at(-1) ?? "";
  await publishAnyway(page);
  await page.getByRole("link", { name: "People & access" }).click();
  const [ada, bo] = [newPerson("ada"), newPerson("bo")];
  const adaPage = await inviteSpeaker(page, browser, ada);
  const boPage = await inviteSpeaker(page, browser, bo);

  // The host starts recording and follows the operation to its end.
  await page.goto(eventUrl);
  await page.getByRole("link", { name: "Open stage of Main stage" }).click();
  const recording = page.getByRole("region", { name: "Recording" });
  await recording.getByRole("button", { name: "Start recording" }).click();
  await expect(recording.getByRole("status").filter({ hasText: "Done." })).toBeVisible();
  await expect(recording.getByText("This room is being recorded.")).toBeVisible();

  // Ada goes on and off stage; Bo goes on and stays until the recording stops.
  const person = page.getByLabel("Person granted this room");
  for (const speaker of [ada, bo]) {
    await person.selectOption({ label: `${speaker.name} · Speaker` });
    await page.getByRole("button", { name: "Put on stage" }).click();
    await expect(page.getByRole("status").filter({ hasText: `${speaker.name} is on stage` })).toBeVisible();
  }
  await page.getByRole("button", { name: `Take off stage ${ada.name}` }).click();
  await expect(page.getByRole("list", { name: "Stage timeline" })).toContainText(`${ada.name} left the stage`);

  const whileRecording = page.url();
  await recording.getByRole("button", { name: "Stop recording" }).click();
  await expect(page).not.toHaveURL(whileRecording);
  await expect(recording.getByText("Stopping the recording")).toBeVisible();
  // Stopping ends the egress, then generates and renders the clips: the status says when all of it is done.
  await expect(recording.getByRole("status").filter({ hasText: "Done." })).toBeVisible({ timeout: 60_000 });
  await expect(recording.getByText("This room is not being recorded.")).toBeVisible();

  // The organizer sees every clip of the event: one per enter/exit pair, Bo's closed at the end of the recording.
  await page.goto(`${eventUrl}/clips`);
  const clips = page.getByRole("list", { name: "Clips of Main stage" }).getByRole("listitem");
  await expect(clips).toHaveCount(2);
  await expect(clips.filter({ hasText: ada.name })).toHaveCount(1);
  await expect(clips.filter({ hasText: bo.name })).toHaveCount(1);
  await expect(page.getByText("2 of 2 ready").first()).toBeVisible();

  // A program with a key reads the same clips, and the URLs outgoing webhooks carry (clip.ready, recording.stopped)
  // answer with the clip and the recording.
  const key = { authorization: `Bearer ${await makeKey(page, "Clip sync", ["clips:read"])}` };
  const listed = (await (await page.request.get(`/api/v1/events/${eventId}/clips`, { headers: key })).json()) as {
    data: { roomId: string; sessions: { sessionId: string; clips: { id: string; participantName: string }[] }[] }[];
  };
  const [room] = listed.data;
  const [recorded] = room?.sessions ?? [];
  const firstClip = recorded?.clips[0];
  expect(room && recorded && firstClip).toBeTruthy();
  const clipAnswer = await page.request.get(`/api/v1/events/${eventId}/clips/${firstClip?.id}`, { headers: key });
  expect(clipAnswer.status()).toBe(200);
  expect(await clipAnswer.json()).toMatchObject({ id: firstClip?.id, participantName: firstClip?.participantName });
  const recordingAnswer = await page.request.get(`/api/v1/events/${eventId}/rooms/${room?.roomId}/recordings/${recorded?.sessionId}`, { headers: key });
  expect(recordingAnswer.status()).toBe(200);
  expect(((await recordingAnswer.json()) as { clips: unknown[] }).clips).toHaveLength(2);

  // Each speaker finds exactly their own clip under My clips.
  for (const [speakerPage, speaker] of [
    [adaPage, ada],
    [boPage, bo],
  ] as const) {
    await speakerPage.goto("/my");
    const mine = speakerPage.getByRole("list", { name: "My clips" }).getByRole("listitem");
    await expect(mine).toHaveCount(1);
    await expect(mine).toContainText("Clip Night · Main stage");
    await expect(mine.getByLabel("Your clip in Main stage")).toHaveCount(1);
    // Nobody else's clip: the organizer's page names both speakers, this one names no one else.
    await expect(speakerPage.getByText(speaker === ada ? bo.name : ada.name)).toHaveCount(0);
  }
  const before = shardRows(eventId);
  // On one shard only: the session, three stage events (Ada on and off, Bo on), two clips.
  expect([...before].sort()).toEqual([0, 6]);

  // Deleting the event answers 202 with the operation; its progress page follows it to the events list.
  const deleted = await page.evaluate(async (id) => {
    const response = await fetch(`/api/events/${id}`, { method: "DELETE" });
    return { status: response.status, body: await response.json() };
  }, eventId);
  expect(deleted.status).toBe(202);
  expect(deleted.body).toMatchObject({ operationId: expect.any(String), location: `/api/operations/${deleted.body.operationId}` });
  await page.goto(`/operations/${deleted.body.operationId}`);
  await expect(page).toHaveURL(/\/events$/, { timeout: 30_000 });
  await expect(page.getByText("Clip Night")).toHaveCount(0);
  expect((await (await page.request.get(deleted.body.location)).json()).state).toBe("completed");

  // Nothing of the event is left on either shard, and the speakers' clips are gone with it.
  expect(shardRows(eventId)).toEqual([0, 0]);
  await adaPage.goto("/my");
  await expect(adaPage.getByText(/No clips of you yet/)).toBeVisible();
  await adaPage.context().close();
  await boPage.context().close();
});
