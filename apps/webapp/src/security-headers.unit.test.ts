import { describe, expect, it } from "vitest";
import { consentFormTarget, contentSecurityPolicy } from "./security-headers";

const q = (redirect: string) => new URLSearchParams({ redirect_uri: redirect });

describe("the consent page's form-action", () => {
  it("allows the redirect_uri's origin on /oauth/authorize only", () => {
    expect(consentFormTarget("/oauth/authorize", q("http://127.0.0.1:4123/callback?x=1"))).toBe("http://127.0.0.1:4123");
    expect(consentFormTarget("/oauth/authorize", q("https://agent.example/cb"))).toBe("https://agent.example");
    expect(consentFormTarget("/oauth/authorize", q("cursor://oauth/callback"))).toBe("cursor:");
    expect(consentFormTarget("/events", q("https://agent.example/cb"))).toBeNull();
  });

  it("adds nothing for a missing or malformed redirect_uri, so nothing can be smuggled into the policy", () => {
    expect(consentFormTarget("/oauth/authorize", new URLSearchParams())).toBeNull();
    expect(consentFormTarget("/oauth/authorize", q("not a url"))).toBeNull();
    expect(consentFormTarget("/oauth/authorize", q("javascript:alert(1)"))).toBeNull();
    expect(consentFormTarget("/oauth/authorize", q("data:text/html,hi"))).toBeNull();
    const policy = contentSecurityPolicy("n", { development: false, formTarget: consentFormTarget("/oauth/authorize", q("https://a.example/'; script-src *")) });
    expect(policy).toContain("form-action 'self' https://a.example;");
    expect(policy).not.toContain("script-src *");
  });
});
