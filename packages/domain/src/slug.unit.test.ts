import { describe, expect, it } from "vitest";
import { slugOf, slugSuffix } from "./slug";

describe("slugOf", () => {
  it("transliterates accents", () => {
    expect(slugOf("Résumé", "x")).toBe("resume");
    expect(slugOf("Crème brûlée Über Straße", "x")).toBe("creme-brulee-ueber-strasse");
  });

  it("strips markup before slugging", () => {
    expect(slugOf("<b>Launch</b> <script>alert(1)</script>Night", "x")).toBe("launch-alert-1-night");
    expect(slugOf('<a href="https://evil.test">Party</a>', "x")).toBe("party");
  });

  it("keeps words as typed, without splitting camel case", () => {
    expect(slugOf("DevOps Days 2026", "x")).toBe("devops-days-2026");
  });

  it("falls back when nothing is left, and stays within the length", () => {
    expect(slugOf("<br/> !!! ", "event")).toBe("event");
    expect(slugOf("🎉", "role")).toBe("role");
    const long = slugOf("a ".repeat(60), "x", 48);
    expect(long.length).toBeLessThanOrEqual(48);
    expect(long.endsWith("-")).toBe(false);
  });
});

describe("slugSuffix", () => {
  it("draws ten lowercase letters or digits, and 20,000 draws never repeat", () => {
    const drawn = Array.from({ length: 20_000 }, () => slugSuffix());
    expect(drawn.every((s) => /^[a-z0-9]{10}$/.test(s))).toBe(true);
    expect(new Set(drawn).size).toBe(drawn.length);
    // Every character of the alphabet turns up: the draw is not stuck on a subset.
    expect(new Set(drawn.join("")).size).toBe(36);
  });
});
