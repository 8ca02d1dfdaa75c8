import { describe, expect, it } from "vitest";
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from "./password";

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
});
