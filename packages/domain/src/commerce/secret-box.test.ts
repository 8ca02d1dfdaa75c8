import { decodeBase64urlIgnorePadding, encodeBase64, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { describe, expect, it } from "vitest";
import { CommerceKeyring, needsReseal, openSecret, parseCommerceKeys, SecretBoxError, sealSecret } from "./secret-box";

// Runs in workerd, the runtime whose AES-GCM production uses.
const keyText = (fill: number) => encodeBase64(new Uint8Array(32).fill(fill));
const K1 = keyText(1);
const K2 = keyText(2);
const CTX = { accountId: "acc_a1", retailer: "stripe" };
const SECRET = "whsec_live_9b8a7c6d5e4f";

async function errorOf(promise: Promise<unknown> | (() => unknown)): Promise<SecretBoxError> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(SecretBoxError);
    return error as SecretBoxError;
  }
  throw new Error("expected a SecretBoxError");
}

describe("secret box", () => {
  it("round-trips, with a fresh IV each time", async () => {
    const keyring = parseCommerceKeys(`v1:${K1}`);
    const a = await sealSecret(keyring, SECRET, CTX);
    const b = await sealSecret(keyring, SECRET, CTX);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(SECRET);
    expect(await openSecret(keyring, a, CTX)).toBe(SECRET);
    expect(await openSecret(keyring, b, CTX)).toBe(SECRET);
    expect(await openSecret(keyring, await sealSecret(keyring, "pässwörd ✓", CTX), CTX)).toBe("pässwörd ✓");
  });

  it("rotation: the last key seals, older versions still open, needsReseal tells which to redo", async () => {
    const before = parseCommerceKeys(`v1:${K1}`);
    const old = await sealSecret(before, SECRET, CTX);
    expect(needsReseal(before, old)).toBe(false);

    const after = parseCommerceKeys(` v1:${K1} , v2:${K2} `);
    expect(after.currentVersion).toBe(2);
    expect(await openSecret(after, old, CTX)).toBe(SECRET);
    expect(needsReseal(after, old)).toBe(true);
    const resealed = await sealSecret(after, await openSecret(after, old, CTX), CTX);
    expect(resealed.startsWith("v2.")).toBe(true);
    expect(needsReseal(after, resealed)).toBe(false);
    expect(needsReseal(after, "garbage")).toBe(true);

    // Once v1 is dropped, its ciphertexts give a clear error.
    const dropped = parseCommerceKeys(`v2:${K2}`);
    const error = await errorOf(openSecret(dropped, old, CTX));
    expect(error.code).toBe("unknown_version");
    expect(error.message).toContain("v1");
  });

  it("the same key under another version number does not open (the version picks the key)", async () => {
    const keyring = parseCommerceKeys(`v1:${K1},v2:${K2}`);
    const sealed = await sealSecret(keyring, SECRET, CTX);
    expect((await errorOf(openSecret(keyring, sealed.replace(/^v2\./, "v1."), CTX))).code).toBe("undecryptable");
  });

  it("is bound to its account and retailer", async () => {
    const keyring = parseCommerceKeys(`v1:${K1}`);
    const sealed = await sealSecret(keyring, SECRET, CTX);
    for (const other of [
      { accountId: "acc_b2", retailer: "stripe" },
      { accountId: "acc_a1", retailer: "shopify" },
      { accountId: "acc_a1:stripe", retailer: "" },
    ]) {
      const error = await errorOf(openSecret(keyring, sealed, other));
      expect(["undecryptable", "malformed"]).toContain(error.code);
    }
    // ("a:b", "c") and ("a", "b:c") are distinct contexts.
    const colon = await sealSecret(keyring, SECRET, { accountId: "a:b", retailer: "c" });
    expect((await errorOf(openSecret(keyring, colon, { accountId: "a", retailer: "b:c" }))).code).toBe("undecryptable");
  });

  it("detects tampering with the ciphertext, the tag or the IV", async () => {
    const keyring = parseCommerceKeys(`v1:${K1}`);
    const sealed = await sealSecret(keyring, SECRET, CTX);
    const [version, iv, ct] = sealed.split(".") as [string, string, string];
    const flip = (b64: string, index: number) => {
      const bytes = decodeBase64urlIgnorePadding(b64);
      bytes[index] = (bytes[index] ?? 0) ^ 0x01;
      return encodeBase64urlNoPadding(bytes);
    };
    const ctLength = decodeBase64urlIgnorePadding(ct).length;
    for (const tampered of [
      `${version}.${iv}.${flip(ct, 0)}`,
      `${version}.${iv}.${flip(ct, ctLength - 1)}`, // the tag
      `${version}.${flip(iv, 5)}.${ct}`,
    ]) {
      expect((await errorOf(openSecret(keyring, tampered, CTX))).code).toBe("undecryptable");
    }
    for (const malformed of ["", "v1", `${version}.${iv}`, `x1.${iv}.${ct}`, `${version}.${iv}.${ct}.x`, `${version}.${iv}.AAAA`]) {
      expect((await errorOf(openSecret(keyring, malformed, CTX))).code).toBe("malformed");
    }
  });

  it("refuses empty and oversized secrets", async () => {
    const keyring = parseCommerceKeys(`v1:${K1}`);
    expect((await errorOf(sealSecret(keyring, "", CTX))).code).toBe("malformed");
    expect((await errorOf(sealSecret(keyring, "x".repeat(4097), CTX))).code).toBe("malformed");
  });
});

describe("COMMERCE_KEYS parsing", () => {
  const SECRETISH = encodeBase64(new Uint8Array(31).fill(7)); // valid base64, wrong length

  it("reports each kind of mistake clearly, without echoing key material", async () => {
    const cases: [string | undefined, RegExp][] = [
      [undefined, /empty/],
      ["", /empty/],
      [K1, /entry 1 is not of the form v<N>:<base64 key>/],
      [`v1:${K1},key2:${K2}`, /entry 2 is not of the form/],
      [`v0:${K1}`, /start at v1/],
      [`v1:${K1},v1:${K2}`, /v1 appears twice/],
      [`v1:${K1.slice(0, 20)}!!${K1.slice(22)}`, /entry 1 \(v1\): the key is not valid base64/],
      [`v1:${SECRETISH}`, /entry 1 \(v1\): the key must be 32 bytes/],
    ];
    for (const [config, message] of cases) {
      const error = await errorOf(() => parseCommerceKeys(config));
      expect(error.code).toBe("config");
      expect(error.message).toMatch(message);
      for (const secret of [K1, K2, SECRETISH, K1.slice(0, 20)]) {
        expect(error.message).not.toContain(secret);
        expect(String(error.stack)).not.toContain(secret);
      }
    }
  });

  it("keeps key bytes out of JSON and string forms of the keyring", () => {
    const keyring = CommerceKeyring.parse(`v1:${K1},v2:${K2}`);
    expect(JSON.parse(JSON.stringify(keyring))).toEqual({ versions: [1, 2], currentVersion: 2 });
    expect(String(keyring)).not.toContain(K1);
    expect(Object.values(keyring).join(" ")).not.toContain(K1);
  });
});
