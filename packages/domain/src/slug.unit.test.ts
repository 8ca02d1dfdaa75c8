import { describe, expect, it } from "vitest";
import { slugOf } from "./slug";

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
