import { DEMO_ADMIN } from "@greenroom/config/demo";
import { confirmAction, createEvent, expect, newPerson, signIn, signUp, test } from "./fixtures";

// The cross-database flows in a browser: each runs as a Workflow in the workers app; the page follows its operation.

test("a host starts recording from the stage page and follows it to the end, then stops it the same way", async ({ page }) => {
  const organizer = newPerson();
  await signUp(page, organizer);
  await createEvent(page, "Recorded Summit");
  await page.getByRole("link", { name: "Open stage of Main stage" }).click();
  await expect(page).toHaveURL(/\/stage$/);
  const recording = page.getByRole("region", { name: "Recording" });
  await expect(recording.getByText("This room is not being recorded.")).toBeVisible();

  await recording.getByRole("button", { name: "Start recording" }).click();
  await expect(page).toHaveURL(/\/stage\?operation=\w+/);
  await expect(recording.getByRole("status").filter({ hasText: "Done." })).toBeVisible();
  await expect(recording.getByText("This room is being recorded.")).toBeVisible();

  await recording.getByRole("button", { name: "Stop recording" }).click();
  await expect(recording.getByText("Stopping the recording")).toBeVisible();
  // Nobody went on stage, so there are no clips to make: the stop flow ends once the egress has stopped.
  await expect(recording.getByRole("status").filter({ hasText: "Done." })).toBeVisible({ timeout: 60_000 });
  await expect(recording.getByText("This room is not being recorded.")).toBeVisible();
});

test("the recording API answers 202 with the operation, which another tenant cannot see", async ({ page, browser, allowConsoleErrors }) => {
  const organizer = newPerson();
  await signUp(page, organizer);
  await createEvent(page, "API Summit");
  await page.getByRole("link", { name: "Open stage of Main stage" }).click();
  await expect(page).toHaveURL(/\/stage$/);
  const roomId = /\/rooms\/([^/]+)\/stage/.exec(page.url())?.[1] ?? "";

  const started = await page.evaluate(async (room) => {
    const response = await fetch(`/api/rooms/${room}/recording`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action: "start" }),
    });
    return { status: response.status, body: await response.json() };
  }, roomId);
  expect(started.status).toBe(202);
  expect(started.body).toMatchObject({ state: "running", location: `/api/operations/${started.body.operationId}` });

  await expect
    .poll(async () => (await (await page.request.get(started.body.location)).json()).state)
    .toBe("completed");

  // The malformed request below is a 400, which the browser logs.
  allowConsoleErrors(/status of 400/);
  const bad = await page.evaluate(async (room) => {
    const response = await fetch(`/api/rooms/${room}/recording`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action: "explode" }),
    });
    return response.status;
  }, roomId);
  expect(bad).toBe(400);

  const strangerContext = await browser.newContext();
  const stranger = await strangerContext.newPage();
  await signUp(stranger, newPerson("stranger"));
  expect((await stranger.request.get(started.body.location)).status()).toBe(404);
  await strangerContext.close();
});

test("a caller's idempotency key never becomes an operation id: a dotted key gets a minted id, a line break a 400", async ({ page, allowConsoleErrors }) => {
  const organizer = newPerson();
  await signUp(page, organizer);
  await createEvent(page, "Keyed Summit");
  await page.getByRole("link", { name: "Open stage of Main stage" }).click();
  await expect(page).toHaveURL(/\/stage$/);
  const roomId = /\/rooms\/([^/]+)\/stage/.exec(page.url())?.[1] ?? "";
  const eventId = /\/events\/([^/]+)\/rooms/.exec(page.url())?.[1] ?? "";
  const post = (body: Record<string, string>) =>
    page.evaluate(
      async ({ room, payload }) => {
        const response = await fetch(`/api/rooms/${room}/recording`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(payload),
        });
        return { status: response.status, location: response.headers.get("location"), body: await response.json() };
      },
      { room: roomId, payload: body },
    );

  // A key the Workflows would refuse as an instance id: the operation gets our id, and the flow runs to its end.
  const started = await post({ action: "start", requestId: "retry.key.2026" });
  expect(started.status).toBe(202);
  expect(started.body.operationId).toMatch(/^[a-z0-9]{20,32}$/);
  expect(started.location).toBe(`/api/operations/${started.body.operationId}`);
  await expect.poll(async () => (await (await page.request.get(started.body.location)).json()).state).toBe("completed");
  // The same key again is the same request: the same operation, already done.
  const again = await post({ action: "start", requestId: "retry.key.2026" });
  expect(again).toMatchObject({ status: 200, body: { operationId: started.body.operationId } });

  // A line break in the key is refused before anything is written: the room keeps recording, no stop was started.
  allowConsoleErrors(/status of 400/);
  expect((await post({ action: "stop", requestId: "stop-1234\r\nX-Injected: 1" })).status).toBe(400);
  await page.reload();
  const recording = page.getByRole("region", { name: "Recording" });
  await expect(recording.getByText("This room is being recorded.")).toBeVisible();
  await expect(recording.getByText("Stopping the recording")).toHaveCount(0);

  // The event deletion's Idempotency-Key header is a key too.
  const deleted = await page.evaluate(async (event) => {
    const response = await fetch(`/api/events/${event}`, { method: "DELETE", headers: { "idempotency-key": "delete.me.once" } });
    return { status: response.status, body: await response.json() };
  }, eventId);
  expect(deleted.status).toBe(202);
  expect(deleted.body.operationId).toMatch(/^[a-z0-9]{20,32}$/);
  await expect.poll(async () => (await (await page.request.get(deleted.body.location)).json()).state, { timeout: 60_000 }).toBe("completed");
});

test("an organizer deletes an event, follows the progress, and lands on their events without it", async ({ page, allowConsoleErrors }) => {
  const organizer = newPerson();
  await signUp(page, organizer);
  const eventUrl = await createEvent(page, "Doomed Summit");
  await page.goto(`${eventUrl}/edit`);
  await confirmAction(page, "Delete event", /Yes, delete/);
  await expect(page).toHaveURL(/\/events$/);
  await expect(page.getByText("Doomed Summit")).toHaveCount(0);
  // The deleted event's page is a 404 (the browser logs it).
  allowConsoleErrors(/status of 404/);
  expect((await page.goto(eventUrl))?.status()).toBe(404);
});

test("a platform admin sees the operations, filtered by state", async ({ page, browser }) => {
  const organizer = newPerson();
  await signUp(page, organizer);
  await createEvent(page, "Admin Watch Summit");
  await page.getByRole("link", { name: "Open stage of Main stage" }).click();
  await page.getByRole("region", { name: "Recording" }).getByRole("button", { name: "Start recording" }).click();
  await expect(page.getByRole("region", { name: "Recording" }).getByRole("status").filter({ hasText: "Done." })).toBeVisible();

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO_ADMIN);
  await expect(admin).toHaveURL(/\/events$/);
  await admin.goto("/admin");
  await admin.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Operations" }).click();
  await admin.getByLabel("State").selectOption("completed");
  await admin.getByRole("button", { name: "Filter" }).click();
  await expect(admin).toHaveURL(/state=completed/);
  await expect(admin.getByRole("cell", { name: /Start recording/ }).first()).toBeVisible();
  await admin.getByLabel("State").selectOption("compensating");
  await admin.getByRole("button", { name: "Filter" }).click();
  await expect(admin.getByText(/No operations match/)).toBeVisible();
  await adminContext.close();
});
