import { encode } from "@auth/core/jwt";
import { describe, expect, it } from "vitest";
import { sessionToken } from "./session";

// The webapp's session cookie is made by Auth.js (next-auth on this same @auth/core): an encrypted JWT salted with the
// cookie's name. These tests make cookies the way Auth.js does and read them as the API Worker does.
const SECRET = "a-test-secret-of-enough-length-0123456789";
const LOCAL = "authjs.session-token";
const SECURE = "__Secure-authjs.session-token";

async function cookie(name: string, claims: Record<string, unknown>, secret = SECRET, maxAge = 3600) {
  return `${name}=${await encode({ token: claims, secret, salt: name, maxAge })}`;
}

const request = (url: string, cookieHeader: string) => new Request(url, { headers: { cookie: cookieHeader } });

describe("sessionToken", () => {
  it("reads the user and session version from Auth.js's cookie, on http and (prefixed) on https", async () => {
    expect(await sessionToken(request("http://localhost/api/x", await cookie(LOCAL, { sub: "u1", sv: 3 })), SECRET)).toEqual({
      userId: "u1",
      sessionVersion: 3,
    });
    expect(await sessionToken(request("https://greenroom.example/api/x", await cookie(SECURE, { sub: "u2" })), SECRET)).toEqual({
      userId: "u2",
      sessionVersion: 0,
    });
  });

  it("reads a cookie Auth.js split into chunks", async () => {
    const whole = (await cookie(LOCAL, { sub: "u3", sv: 1 })).slice(`${LOCAL}=`.length);
    const half = Math.ceil(whole.length / 2);
    const chunked = `${LOCAL}.0=${whole.slice(0, half)}; ${LOCAL}.1=${whole.slice(half)}`;
    expect(await sessionToken(request("http://localhost/", chunked), SECRET)).toEqual({ userId: "u3", sessionVersion: 1 });
  });

  it("is no session for another secret, the other scheme's cookie name, an expired or garbled token, or none", async () => {
    const local = await cookie(LOCAL, { sub: "u1" });
    expect(await sessionToken(request("http://localhost/", await cookie(LOCAL, { sub: "u1" }, "another-secret-of-enough-length-98765")), SECRET)).toBeNull();
    // A cookie salted for http is not read on https (Auth.js would not read it either).
    expect(await sessionToken(request("https://greenroom.example/", local.replace(LOCAL, SECURE)), SECRET)).toBeNull();
    expect(await sessionToken(request("http://localhost/", await cookie(LOCAL, { sub: "u1" }, SECRET, -3600)), SECRET)).toBeNull();
    expect(await sessionToken(request("http://localhost/", `${LOCAL}=garbage.%ZZ.token`), SECRET)).toBeNull();
    expect(await sessionToken(request("http://localhost/", await cookie(LOCAL, { name: "no subject" })), SECRET)).toBeNull();
    expect(await sessionToken(new Request("http://localhost/"), SECRET)).toBeNull();
  });
});
