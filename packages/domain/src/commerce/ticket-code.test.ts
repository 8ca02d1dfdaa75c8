import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatTicketCode, parseTicketCode, signTicketCode, verifyTicketCode } from "./ticket-code";

// Runs in workerd (timingSafeEqual).
const SECRET = "ticket-secret-0123456789abcdef-0123456789";
const OLD_SECRET = "ticket-secret-older-one-fedcba9876543210";
const ID = "tz4a98xxat96iws9zmbrgj3a";

/** Crockford base32 decoded independently of the module, to check the mac bits against node:crypto. */
function crockfordBits(text: string): string {
  return [...text].map((c) => "0123456789abcdefghjkmnpqrstvwxyz".indexOf(c).toString(2).padStart(5, "0")).join("");
}

describe("ticket codes", () => {
  it("has the documented format: id, a dot, 26 Crockford characters carrying 128 bits of the HMAC", async () => {
    const code = await signTicketCode(ID, SECRET);
    const [id, mac] = code.split(".") as [string, string];
    expect(id).toBe(ID);
    expect(mac).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
    const expected = createHmac("sha256", SECRET).update(`ticket:${ID}`).digest().subarray(0, 16);
    const expectedBits = [...expected].map((b) => b.toString(2).padStart(8, "0")).join("");
    expect(crockfordBits(mac)).toBe(`${expectedBits}00`);
  });

  it("verifies its own codes and is stable", async () => {
    const code = await signTicketCode(ID, SECRET);
    expect(await signTicketCode(ID, SECRET)).toBe(code);
    expect(await verifyTicketCode(code, SECRET)).toEqual({ ok: true, ticketId: ID });
  });

  it("accepts what a person types: upper case, spaces, dashes, no dot, o for 0 and l or i for 1", async () => {
    const code = await signTicketCode(ID, SECRET);
    const [, mac] = code.split(".") as [string, string];
    const typed = [
      code.toUpperCase(),
      ` ${formatTicketCode(code)} `,
      formatTicketCode(code).toUpperCase().replace(/-/g, " "),
      `${ID}${mac}`,
      `${ID}.${mac.replace(/0/g, "o").replace(/1/g, "l")}`,
      `${ID}.${mac.replace(/1/g, "I")}`,
      formatTicketCode(code).replace(/-/g, "\u2013"), // en dashes from a word processor
    ];
    for (const input of typed) expect(await verifyTicketCode(input, SECRET), input).toEqual({ ok: true, ticketId: ID });
    expect(formatTicketCode(code)).toMatch(/^tz4a98xxat96iws9zmbrgj3a\.([0-9a-z]{4}-){6}[0-9a-z]{2}$/);
  });

  it("rejects forgeries: another secret, another ticket's mac, a changed character", async () => {
    const code = await signTicketCode(ID, SECRET);
    const other = await signTicketCode("otherticket0000000000000", SECRET);
    const [, otherMac] = other.split(".") as [string, string];
    const [, mac] = code.split(".") as [string, string];
    const flipped = `${ID}.${mac.slice(0, 10)}${mac[10] === "a" ? "b" : "a"}${mac.slice(11)}`;
    for (const forged of [await signTicketCode(ID, OLD_SECRET), `${ID}.${otherMac}`, flipped, `${ID}x.${mac}`]) {
      expect(await verifyTicketCode(forged, SECRET), forged).toEqual({ ok: false, reason: "forged" });
    }
  });

  it("rejects malformed input", async () => {
    const code = await signTicketCode(ID, SECRET);
    for (const input of [
      "",
      ID,
      `${ID}.`,
      `.${code.split(".")[1]}`,
      `${code}0`, // mac too long
      code.slice(0, -1), // mac too short
      `${ID}.${"u".repeat(26)}`, // u is not Crockford
      `tz4a98xx/at96.${code.split(".")[1]}`,
      `${"a".repeat(180)}.${code.split(".")[1]}`,
    ]) {
      expect(await verifyTicketCode(input, SECRET), input).toEqual({ ok: false, reason: "malformed" });
    }
    expect(parseTicketCode("a.b.c")).toBeNull();
  });

  it("accepts codes of an older secret while it is still listed (rotation)", async () => {
    const old = await signTicketCode(ID, OLD_SECRET);
    expect(await verifyTicketCode(old, [SECRET, OLD_SECRET])).toEqual({ ok: true, ticketId: ID });
    expect(await verifyTicketCode(old, [SECRET])).toEqual({ ok: false, reason: "forged" });
  });

  it("refuses ids it cannot encode and secrets that are too short", async () => {
    await expect(signTicketCode("Has-Upper", SECRET)).rejects.toThrow(RangeError);
    await expect(signTicketCode("", SECRET)).rejects.toThrow(RangeError);
    await expect(signTicketCode(ID, "short")).rejects.toThrow(/at least 32/);
    await expect(verifyTicketCode("x", [])).rejects.toThrow(/at least one secret/);
  });
});
