import { describe, expect, it } from "vitest";
import { CODE_ALPHABET, checkCharacter, codeHash, deriveCode, formatCode, parseCode } from "./code-format";

describe("redemption code format", () => {
  it("derives the same typeable code for a batch position, another for another position", async () => {
    const a = await deriveCode("secret", "batch1", 0);
    expect(a).toMatch(new RegExp(`^[${CODE_ALPHABET}]{13}$`));
    expect(await deriveCode("secret", "batch1", 0)).toBe(a);
    expect(await deriveCode("secret", "batch1", 1)).not.toBe(a);
    expect(await deriveCode("other", "batch1", 0)).not.toBe(a);
    expect(parseCode(formatCode(a).toLowerCase())).toEqual({ ok: true, normalized: a });
    expect(parseCode(` ${formatCode(a).replace(/-/g, " ")} `)).toEqual({ ok: true, normalized: a });
  });

  it("catches every single wrong character and every swap of two different neighbours", async () => {
    const code = await deriveCode("secret", "batch2", 7);
    for (let i = 0; i < code.length; i++) {
      for (const c of CODE_ALPHABET) {
        if (c === code[i]) continue;
        expect(parseCode(code.slice(0, i) + c + code.slice(i + 1)).ok).toBe(false);
      }
    }
    for (let i = 0; i < code.length - 1; i++) {
      if (code[i] === code[i + 1]) continue;
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
      // Luhn mod N misses only a swap of the two characters worth 0 and N - 1.
      if (parseCode(swapped).ok) expect(new Set([code[i], code[i + 1]])).toEqual(new Set([CODE_ALPHABET[0], CODE_ALPHABET[N - 1]]));
    }
  });

  it("says why typed text is not a code", () => {
    expect(parseCode("short")).toMatchObject({ ok: false, message: expect.stringContaining("13") });
    expect(parseCode("O000-0000-0000-0")).toMatchObject({ ok: false, message: expect.stringContaining("no 0") });
    const body = "23456789ABCD";
    expect(parseCode(body + checkCharacter(body)).ok).toBe(true);
  });

  it("hashes under its own key", async () => {
    expect(await codeHash("secret", "X")).toMatch(/^[0-9a-f]{64}$/);
    expect(await codeHash("secret", "X")).not.toBe(await codeHash("secret2", "X"));
  });
});

const N = CODE_ALPHABET.length;
