import { describe, expect, it } from "vitest";
import { DUMMY_PASSWORD_HASH, hashPassword, MAX_PBKDF2_ITERATIONS, needsRehash, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies the right password and rejects others", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
  });

  it("rejects a stored hash of another length (timingSafeEqual needs equal lengths)", async () => {
    const [scheme, iterations, salt] = (await hashPassword("pw")).split("$");
    expect(await verifyPassword("pw", [scheme, iterations, salt, "AAAA"].join("$"))).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("rejects malformed or over-costly stored hashes instead of throwing", async () => {
    expect(await verifyPassword("x", "plain-text")).toBe(false);
    expect(await verifyPassword("x", "pbkdf2-sha256$99999999$AA==$AA==")).toBe(false);
    expect(await verifyPassword("x", DUMMY_PASSWORD_HASH)).toBe(false);
    expect(await verifyPassword("x", "pbkdf2-sha256$1000$not base64!$AA==")).toBe(false);
  });

  it("refuses to hash with a count above the workerd limit, and never trusts such a stored count", async () => {
    await expect(hashPassword("x", MAX_PBKDF2_ITERATIONS + 1)).rejects.toThrow(RangeError);
    await expect(hashPassword("x", 0)).rejects.toThrow(RangeError);
    const real = await hashPassword("pw");
    const inflated = real.replace(`$${MAX_PBKDF2_ITERATIONS}$`, `$${MAX_PBKDF2_ITERATIONS + 1}$`);
    expect(inflated).not.toBe(real);
    expect(await verifyPassword("pw", inflated)).toBe(false);
    expect(await verifyPassword("pw", "pbkdf2-sha256$1e5$AA==$AA==")).toBe(false);
    expect(await verifyPassword("pw", "pbkdf2-sha256$1000$not base64!$AA==")).toBe(false);
  });

  it("asks for a rehash only when the stored count is below the current one", async () => {
    const weak = await hashPassword("pw", 1_000);
    expect(await verifyPassword("pw", weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(await hashPassword("pw"))).toBe(false);
    expect(needsRehash("garbage")).toBe(false);
  });
});
