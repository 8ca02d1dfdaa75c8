import { describe, expect, it } from "vitest";
import { ConfigError, webappConfig, workersConfig } from "./env";

// Bindings are only checked for presence here; their behaviour is exercised by the workerd suites.
const bindings = () => ({ WEBAPP_DB: {}, WORKERS: {}, ASSETS: {} });
const secret = "s".repeat(40);
const httpMail = {
  MAIL_TRANSPORT: "http",
  MAIL_API_URL: "https://mail.example/emails",
  MAIL_API_KEY: "key-that-must-never-be-logged",
  MAIL_FROM: "Greenroom <mail@greenroom.example>",
  APP_URL: "https://greenroom.example/",
};

function failure(env: Record<string, unknown>): ConfigError {
  try {
    webappConfig({ ...bindings(), ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("webappConfig", () => {
  it("parses the local development settings", () => {
    const config = webappConfig({ ...bindings(), AUTH_SECRET: secret, MAIL_TRANSPORT: "local", AUTH_TRUST_HOST: "true" });
    expect(config.mail).toEqual({ transport: "local" });
    expect(config.appUrl).toBeNull();
    expect(config.authTrustHost).toBe(true);
    expect(config.authSecret).toBe(secret);
    expect(config.bench).toBe(false);
  });

  it("serves the benchmark's baseline only with GREENROOM_BENCH=1", () => {
    const local = { ...bindings(), AUTH_SECRET: secret, MAIL_TRANSPORT: "local" };
    expect(webappConfig({ ...local, GREENROOM_BENCH: "1" }).bench).toBe(true);
    expect(webappConfig({ ...local, GREENROOM_BENCH: "true" }).bench).toBe(false);
    expect(webappConfig({ ...local, GREENROOM_BENCH: "" }).bench).toBe(false);
  });

  it("parses a complete http mail configuration and trims the APP_URL's trailing slash", () => {
    const config = webappConfig({ ...bindings(), AUTH_SECRET: secret, ...httpMail });
    expect(config.mail).toEqual({
      transport: "http",
      apiUrl: "https://mail.example/emails",
      apiKey: httpMail.MAIL_API_KEY,
      from: httpMail.MAIL_FROM,
    });
    expect(config.appUrl).toBe("https://greenroom.example");
  });

  it("refuses a deploy without MAIL_TRANSPORT instead of falling back to the outbox", () => {
    const error = failure({ AUTH_SECRET: secret });
    expect(error.message).toContain("MAIL_TRANSPORT is not set");
    expect(error.settings.map((s) => s.name)).toEqual(["MAIL_TRANSPORT"]);
  });

  it("treats an empty variable as unset", () => {
    expect(failure({ AUTH_SECRET: secret, MAIL_TRANSPORT: "" }).settings.map((s) => s.name)).toEqual(["MAIL_TRANSPORT"]);
    expect(failure({ AUTH_SECRET: "", MAIL_TRANSPORT: "local" }).message).toContain("AUTH_SECRET is not set");
  });

  it.each(["MAIL_API_URL", "MAIL_API_KEY", "MAIL_FROM", "APP_URL"])("names %s when http mail lacks it", (name) => {
    const error = failure({ AUTH_SECRET: secret, ...httpMail, [name]: undefined });
    expect(error.settings).toEqual([{ name, problem: 'is required when MAIL_TRANSPORT is "http"' }]);
  });

  it("names malformed settings and never echoes a value", () => {
    const error = failure({
      AUTH_SECRET: "short-secret-value",
      ...httpMail,
      MAIL_TRANSPORT: "smtp",
      APP_URL: "javascript:alert(1)",
    });
    expect(error.settings.map((s) => s.name).sort()).toEqual(["APP_URL", "AUTH_SECRET", "MAIL_TRANSPORT"]);
    expect(error.message).not.toContain("short-secret-value");
    expect(error.message).not.toContain(httpMail.MAIL_API_KEY);
    expect(error.message).not.toContain("javascript:");
  });

  it("names a missing binding", () => {
    const error = failure({ WORKERS: undefined, AUTH_SECRET: secret, MAIL_TRANSPORT: "local" });
    expect(error.settings.map((s) => s.name)).toEqual(["WORKERS"]);
  });

  it("parses once per env object", () => {
    const env = { ...bindings(), AUTH_SECRET: secret, MAIL_TRANSPORT: "local" };
    expect(webappConfig(env)).toBe(webappConfig(env));
    expect(webappConfig({ ...env })).not.toBe(webappConfig(env));
  });
});

describe("workersConfig", () => {
  const workersEnv = (overrides: Record<string, unknown> = {}) => ({
    SESSIONS_DB_0000: { shard: 0 },
    SESSIONS_DB_0001: { shard: 1 },
    SESSIONS_SHARD_COUNT: "2",
    WEBAPP_DB: {},
    ROOM_LIVE: {},
    USER_LIVE: {},
    LOCAL_MEDIA: {},
    START_RECORDING: {},
    STOP_RECORDING: {},
    DELETE_EVENT: {},
    DELETE_USER: {},
    GRANT_CREDIT: {},
    ...overrides,
  });

  it("maps each of SESSIONS_SHARD_COUNT shards to its binding, in order", () => {
    const env = workersEnv();
    const config = workersConfig(env);
    expect([...config.shards.keys()]).toEqual(["0000", "0001"]);
    expect(config.shards.get("0001")).toBe(env.SESSIONS_DB_0001);
    expect(config.media).toEqual({ provider: "local" });
  });

  it("names a shard binding the count asks for and the config lacks", () => {
    expect(() => workersConfig(workersEnv({ SESSIONS_SHARD_COUNT: "3" }))).toThrow(/SESSIONS_DB_0002 is missing/);
    expect(() => workersConfig(workersEnv({ SESSIONS_DB_0000: undefined }))).toThrow(/SESSIONS_DB_0000 is missing/);
    expect(() => workersConfig(workersEnv({ SESSIONS_SHARD_COUNT: "0" }))).toThrow(/SESSIONS_SHARD_COUNT must be/);
  });

  it("wants every Mux and LiveKit setting once that provider is chosen, and never prints their values", () => {
    const secret = "mux-secret-value-123";
    let message = "";
    try {
      workersConfig(workersEnv({ MEDIA_PROVIDER: "mux-livekit", MUX_TOKEN_ID: "id", MUX_TOKEN_SECRET: secret }));
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/LIVEKIT_URL is required when MEDIA_PROVIDER is "mux-livekit"/);
    expect(message).toMatch(/MUX_SIGNING_KEY_ID is required when MEDIA_PROVIDER is "mux-livekit"/);
    expect(message).toMatch(/MUX_SIGNING_PRIVATE_KEY is required when MEDIA_PROVIDER is "mux-livekit"/);
    expect(message).not.toContain(secret);
  });

  it("takes the Mux signing key for signed playback, and refuses a private key that is not one without printing it", () => {
    const full = {
      MEDIA_PROVIDER: "mux-livekit",
      MUX_TOKEN_ID: "id",
      MUX_TOKEN_SECRET: "secret",
      MUX_SIGNING_KEY_ID: "sk_1",
      MUX_SIGNING_PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----",
      LIVEKIT_URL: "https://lk.test",
      LIVEKIT_API_KEY: "k",
      LIVEKIT_API_SECRET: "s",
    };
    const config = workersConfig(workersEnv(full));
    expect(config.media.provider === "mux-livekit" && config.media.muxSigning.keyId).toBe("sk_1");
    expect(() => workersConfig(workersEnv({ ...full, MUX_SIGNING_PRIVATE_KEY: "hunter2-not-a-key" }))).toThrow(
      /MUX_SIGNING_PRIVATE_KEY must be the signing key's private key/,
    );
    expect(() => workersConfig(workersEnv({ ...full, MUX_SIGNING_PRIVATE_KEY: "hunter2-not-a-key" }))).not.toThrow(/hunter2/);
  });
});
