import { z } from "zod";

/**
 * The one schema for every binding and variable of both Workers. Each Worker parses its `env` once per env object
 * (workerd hands the same object to every request of an isolate, so in practice once per isolate) and passes the
 * typed result down. Nothing else reads configuration from `env`.
 *
 * "Unset" has one meaning everywhere: a variable that is missing or the empty string is unset. A required setting
 * that is unset, or any setting that is malformed, fails the request with a `ConfigError` naming the setting; its
 * message never contains a value, so secrets cannot reach a log through it.
 */

/** A missing or malformed setting. The message names each bad setting and never includes its value. */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(
    readonly worker: "webapp" | "workers" | "api",
    readonly settings: { name: string; problem: string }[],
  ) {
    super(
      `Invalid configuration of the ${worker} Worker: ${settings.map((s) => `${s.name} ${s.problem}`).join("; ")}. ` +
        "See the Configuration table in README.md.",
    );
  }
}

const unsetIfEmpty = (value: unknown) => (value === "" ? undefined : value);

/** A binding is an object (or callable) that workerd puts on env; its type comes from the generated Env types. */
const binding = (kind: string) =>
  z.custom<object>((value) => (typeof value === "object" || typeof value === "function") && value !== null, {
    error: `is missing (the ${kind} binding declared in the wrangler config)`,
  });

const httpUrl = (example: string) =>
  z.preprocess(
    unsetIfEmpty,
    z
      .url({ protocol: /^https?$/, error: `must be an absolute http(s) URL, e.g. ${example}` })
      .transform((url) => url.replace(/\/+$/, ""))
      .optional(),
  );

export const MAIL_TRANSPORTS = ["local", "http"] as const;

/** Every binding and variable of the webapp Worker (top-level wrangler.jsonc, .dev.vars, Worker secrets). */
/** `COMMERCE_KEYS`: versioned AES-GCM keys (see packages/domain/src/commerce/secret-box.ts). */
const commerceKeysSetting = z.preprocess(
  unsetIfEmpty,
  z
    .string()
    .regex(
      /^\s*v\d{1,4}:[A-Za-z0-9+/]{43}=\s*(,\s*v\d{1,4}:[A-Za-z0-9+/]{43}=\s*)*$/,
      "must be v1:<base64 of 32 random bytes>, with later versions appended after commas (the last one seals)",
    )
    .optional(),
);

const WebappEnvFields = z.object({
    WEBAPP_DB: binding("D1"),
    WORKERS: binding("service (greenroom-workers, StageRpc)"),
    ASSETS: binding("assets"),
    AUTH_SECRET: z.preprocess(
      unsetIfEmpty,
      z
        .string({ error: "is not set (a random string of at least 32 characters; a Worker secret in deploys)" })
        .min(32, "must be at least 32 characters"),
    ),
    AUTH_TRUST_HOST: z.preprocess(
      unsetIfEmpty,
      z.enum(["true", "false"], { error: 'must be "true" or "false"' }).default("true"),
    ),
    MAIL_TRANSPORT: z.preprocess(
      unsetIfEmpty,
      z.enum(MAIL_TRANSPORTS, {
        error: (issue) =>
          issue.input === undefined
            ? 'is not set: use "http" to send mail through MAIL_API_URL, or "local" for the development outbox'
            : 'must be "local" or "http"',
      }),
    ),
    MAIL_API_URL: httpUrl("https://api.resend.com/emails"),
    MAIL_API_KEY: z.preprocess(unsetIfEmpty, z.string().optional()),
    MAIL_FROM: z.preprocess(
      unsetIfEmpty,
      z.string().min(3, "must be a sender such as Greenroom <mail@greenroom.example>").optional(),
    ),
    APP_URL: httpUrl("https://greenroom.example"),
    COMMERCE_KEYS: commerceKeysSetting,
    EVENTBRITE_API_BASE: httpUrl("https://www.eventbriteapi.com"),
    // "1" turns on the benchmark's baseline endpoints; only the generated bench config (scripts/bench-config.mjs)
    // sets it. Any other value, or unset, leaves them a 404.
    GREENROOM_BENCH: z.preprocess(unsetIfEmpty, z.string().optional()),
  });

function mailSettingsComplete(env: { MAIL_TRANSPORT: string; [key: string]: unknown }, ctx: z.RefinementCtx) {
  if (env.MAIL_TRANSPORT !== "http") return;
  for (const name of ["MAIL_API_URL", "MAIL_API_KEY", "MAIL_FROM", "APP_URL"] as const) {
    if (env[name] === undefined) ctx.addIssue({ code: "custom", path: [name], message: 'is required when MAIL_TRANSPORT is "http"' });
  }
}

export const WebappEnvSchema = WebappEnvFields.superRefine(mailSettingsComplete);

/**
 * The API Worker (apps/api: /api/v1, MCP, OAuth) runs the same verbs as the webapp, so it reads the same settings
 * (its own wrangler config, the same secrets), without the static assets; its rate limiters are Workers Rate
 * Limiting bindings.
 */
export const ApiEnvSchema = WebappEnvFields.omit({ ASSETS: true })
  .extend({
    // `wrangler dev` binds rate limiters only for the first of several configs; locally, .dev.vars asks the API
    // Worker to put in-memory ones in their place (apps/api/src/local-limits.ts). A deploy without them fails here.
    API_KEY_LIMIT: binding("rate limit (per API key)"),
    API_ACCOUNT_LIMIT: binding("rate limit (per account)"),
  })
  .superRefine(mailSettingsComplete);

/** Where mail goes: the local outbox table (development only) or a transactional-mail HTTP API. */
export type MailConfig =
  | { transport: "local" }
  | { transport: "http"; apiUrl: string; apiKey: string; from: string };

type WebappBindingName = "WEBAPP_DB" | "WORKERS" | "ASSETS";
type ApiBindingName = "WEBAPP_DB" | "WORKERS";

/** Binding names as optional keys: OpenNext's own `CloudflareEnv` declares some of them optional. */
type WithBindings<N extends string> = { [K in N]?: unknown };

/** The named bindings of an Env type, present: parsing has checked that each one exists. */
type PresentBindings<E, N extends keyof E> = { [K in N]-?: NonNullable<E[K]> };

/** The webapp's parsed configuration. Binding types come from the Env type that `wrangler types` generates. */
export type WebappConfig<E extends WithBindings<WebappBindingName> = WithBindings<WebappBindingName>> = {
  bindings: PresentBindings<E, WebappBindingName>;
  authSecret: string;
  authTrustHost: boolean;
  mail: MailConfig;
  /** The public origin for links in mail, without a trailing slash. Always set when mail is sent over http. */
  appUrl: string | null;
  /** The versioned AES-GCM keys that seal retailer secrets (`COMMERCE_KEYS`); null: retailer connections are off. */
  commerceKeys: string | null;
  /** Where Eventbrite orders are fetched from (no trailing slash); an api_url on another origin is refused. */
  eventbriteApiBase: string;
  /** The benchmark's baseline endpoints are served (`GREENROOM_BENCH=1`); otherwise they are a 404. */
  bench: boolean;
};

export type ApiConfig<E extends WithBindings<ApiBindingName> = WithBindings<ApiBindingName>> = Omit<WebappConfig, "bindings"> & {
  bindings: PresentBindings<E, ApiBindingName>;
  /** The Workers Rate Limiting bindings (in local multi-Worker dev, their in-memory stand-ins). */
  rateLimits: { perKey: RateLimiterBinding; perAccount: RateLimiterBinding };
};

/** What a Workers Rate Limiting binding offers (`env.API_KEY_LIMIT.limit({ key })`). */
export type RateLimiterBinding = { limit(options: { key: string }): Promise<{ success: boolean }> };

export const MEDIA_PROVIDERS = ["local", "mux-livekit"] as const;

/** A sessions shard's id: four digits, as in its binding `SESSIONS_DB_<id>`. */
export const SHARD_ID = /^\d{4}$/;
export const shardBinding = (shardId: string) => `SESSIONS_DB_${shardId}`;

/**
 * Every binding and variable of the workers app (apps/workers/wrangler.jsonc, its .dev.vars, Worker secrets). The
 * shard bindings are checked against SESSIONS_SHARD_COUNT in workersConfig(): SESSIONS_DB_0000 .. SESSIONS_DB_<N-1>.
 */
export const WorkersEnvSchema = z
  .object({
    // The same keys as the webapp's: they open outgoing webhook subscriptions' signing secrets to sign deliveries.
    COMMERCE_KEYS: commerceKeysSetting,
    // Minutes of recording credit a recording start holds before anything reaches the media provider (issue 19);
    // 0: starts need no credit (the default until every journey that records holds credit, see docs/credits.md).
    RECORDING_HOLD_MINUTES: z.preprocess(
      unsetIfEmpty,
      z.coerce.number({ error: "must be whole minutes, 0 to 600" }).int("must be whole minutes, 0 to 600").min(0).max(600).default(0),
    ),
    SESSIONS_SHARD_COUNT: z.preprocess(
      unsetIfEmpty,
      z.coerce
        .number({ error: "must be a whole number of shards, 1 or more" })
        .int("must be a whole number of shards, 1 or more")
        .min(1, "must be a whole number of shards, 1 or more")
        .max(9999, "must be at most 9999")
        .default(1),
    ),
    WEBAPP_DB: binding("D1 (the webapp database, for the Workflows' webapp steps)"),
    ROOM_LIVE: binding("Durable Object (RoomLive)"),
    USER_LIVE: binding("Durable Object (UserLive)"),
    LOCAL_MEDIA: binding("Durable Object (LocalMedia)"),
    START_RECORDING: binding("Workflow (StartRecordingWorkflow)"),
    STOP_RECORDING: binding("Workflow (StopRecordingWorkflow)"),
    DELETE_EVENT: binding("Workflow (DeleteEventWorkflow)"),
    DELETE_USER: binding("Workflow (DeleteUserWorkflow)"),
    GRANT_CREDIT: binding("Workflow (GrantCreditWorkflow)"),
    MEDIA_PROVIDER: z.preprocess(
      unsetIfEmpty,
      z.enum(MEDIA_PROVIDERS, { error: 'must be "local" (offline, for development) or "mux-livekit"' }).default("local"),
    ),
    MUX_TOKEN_ID: z.preprocess(unsetIfEmpty, z.string().optional()),
    MUX_TOKEN_SECRET: z.preprocess(unsetIfEmpty, z.string().optional()),
    MUX_API_BASE: httpUrl("https://api.mux.com"),
    // The URL signing key that signs playback tokens (Mux signed playback): its id, and its private key as Mux hands
    // it out (base64 of a PEM) or as a PEM.
    MUX_SIGNING_KEY_ID: z.preprocess(unsetIfEmpty, z.string().optional()),
    MUX_SIGNING_PRIVATE_KEY: z.preprocess(
      unsetIfEmpty,
      z
        .string()
        .refine((key) => key.includes("PRIVATE KEY-----") || /^[A-Za-z0-9+/=\s]{100,}$/.test(key), {
          message: "must be the signing key's private key: base64 of its PEM, as Mux returns it, or the PEM",
        })
        .optional(),
    ),
    LIVEKIT_URL: httpUrl("https://my-project.livekit.cloud"),
    LIVEKIT_API_KEY: z.preprocess(unsetIfEmpty, z.string().optional()),
    LIVEKIT_API_SECRET: z.preprocess(unsetIfEmpty, z.string().optional()),
  })
  .superRefine((env, ctx) => {
    if (env.MEDIA_PROVIDER !== "mux-livekit") return;
    const needed = [
      "MUX_TOKEN_ID",
      "MUX_TOKEN_SECRET",
      "MUX_SIGNING_KEY_ID",
      "MUX_SIGNING_PRIVATE_KEY",
      "LIVEKIT_URL",
      "LIVEKIT_API_KEY",
      "LIVEKIT_API_SECRET",
    ] as const;
    for (const name of needed) {
      if (env[name] === undefined) ctx.addIssue({ code: "custom", path: [name], message: 'is required when MEDIA_PROVIDER is "mux-livekit"' });
    }
  });

/** Which media provider runs live streams and recordings. */
export type MediaConfig =
  | { provider: "local" }
  | {
      provider: "mux-livekit";
      mux: { tokenId: string; tokenSecret: string; apiBase: string };
      /** Signs playback tokens: streams, recordings and clips are created with the signed playback policy. */
      muxSigning: { keyId: string; privateKey: string };
      livekit: { url: string; apiKey: string; apiSecret: string };
    };

type WorkersBindingName =
  | "WEBAPP_DB"
  | "ROOM_LIVE"
  | "USER_LIVE"
  | "LOCAL_MEDIA"
  | "START_RECORDING"
  | "STOP_RECORDING"
  | "DELETE_EVENT"
  | "DELETE_USER"
  | "GRANT_CREDIT";

type ShardDatabase<E> = E extends { SESSIONS_DB_0000?: infer D } ? NonNullable<D> : object;

export type WorkersConfig<E extends WithBindings<WorkersBindingName> = WithBindings<WorkersBindingName>> = {
  bindings: PresentBindings<E, WorkersBindingName>;
  /** The sessions shards by id ("0000", "0001", ...), in order; typed like the SESSIONS_DB_0000 binding. */
  shards: ReadonlyMap<string, ShardDatabase<E>>;
  media: MediaConfig;
  /** COMMERCE_KEYS, which open outgoing webhook signing secrets; null: outgoing webhooks are off. */
  commerceKeys: string | null;
  /** RECORDING_HOLD_MINUTES: the credit a recording start holds; 0: no credit needed. */
  recordingHoldMinutes: number;
};

function configError(worker: "webapp" | "workers" | "api", error: z.ZodError): ConfigError {
  return new ConfigError(
    worker,
    error.issues.map((issue) => ({ name: issue.path.map(String).join(".") || "(env)", problem: issue.message })),
  );
}

// Keyed by the env object itself: a new env object (another isolate, a test) is parsed afresh.
const webappCache = new WeakMap<object, WebappConfig>();
const workersCache = new WeakMap<object, WorkersConfig>();

/** The webapp Worker's configuration, parsed once per env object. Throws `ConfigError` naming each bad setting. */
export function webappConfig<E extends WithBindings<WebappBindingName>>(env: E): WebappConfig<E> {
  const cached = webappCache.get(env);
  if (cached) return cached as WebappConfig<E>;
  const parsed = WebappEnvSchema.safeParse(env);
  if (!parsed.success) throw configError("webapp", parsed.error);
  const config: WebappConfig<E> = {
    bindings: { WEBAPP_DB: env.WEBAPP_DB, WORKERS: env.WORKERS, ASSETS: env.ASSETS } as PresentBindings<E, WebappBindingName>,
    ...settingsOf(parsed.data),
  };
  webappCache.set(env, config as WebappConfig);
  return config;
}

/** The settings both the webapp and the API Worker read, from their parsed env. */
function settingsOf(v: z.output<typeof WebappEnvFields> | z.output<typeof ApiEnvSchema>): Omit<WebappConfig, "bindings"> {
  const mail: MailConfig =
    v.MAIL_TRANSPORT === "http"
      ? // superRefine guarantees all three when the transport is http
        { transport: "http", apiUrl: v.MAIL_API_URL ?? "", apiKey: v.MAIL_API_KEY ?? "", from: v.MAIL_FROM ?? "" }
      : { transport: "local" };
  return {
    authSecret: v.AUTH_SECRET,
    authTrustHost: v.AUTH_TRUST_HOST === "true",
    mail,
    appUrl: v.APP_URL ?? null,
    commerceKeys: v.COMMERCE_KEYS ?? null,
    eventbriteApiBase: v.EVENTBRITE_API_BASE ?? "https://www.eventbriteapi.com",
    bench: v.GREENROOM_BENCH === "1",
  };
}

const apiCache = new WeakMap<object, ApiConfig>();

/** The API Worker's configuration, parsed once per env object. Throws `ConfigError` naming each bad setting. */
export function apiConfig<E extends WithBindings<ApiBindingName>>(env: E): ApiConfig<E> {
  const cached = apiCache.get(env);
  if (cached) return cached as ApiConfig<E>;
  const parsed = ApiEnvSchema.safeParse(env);
  if (!parsed.success) throw configError("api", parsed.error);
  const config: ApiConfig<E> = {
    bindings: { WEBAPP_DB: env.WEBAPP_DB, WORKERS: env.WORKERS } as PresentBindings<E, ApiBindingName>,
    rateLimits: { perKey: parsed.data.API_KEY_LIMIT as RateLimiterBinding, perAccount: parsed.data.API_ACCOUNT_LIMIT as RateLimiterBinding },
    ...settingsOf(parsed.data),
  };
  apiCache.set(env, config as ApiConfig);
  return config;
}

/** The workers app's configuration, parsed once per env object. Throws `ConfigError` naming each missing binding. */
export function workersConfig<E extends WithBindings<WorkersBindingName>>(env: E): WorkersConfig<E> {
  const cached = workersCache.get(env);
  if (cached) return cached as WorkersConfig<E>;
  const parsed = WorkersEnvSchema.safeParse(env);
  const shards = new Map<string, ShardDatabase<E>>();
  const missing: { name: string; problem: string }[] = [];
  if (parsed.success) {
    const all = env as unknown as Record<string, unknown>;
    for (let i = 0; i < parsed.data.SESSIONS_SHARD_COUNT; i++) {
      const id = String(i).padStart(4, "0");
      const db = all[shardBinding(id)];
      if (typeof db === "object" && db !== null) shards.set(id, db as ShardDatabase<E>);
      else missing.push({ name: shardBinding(id), problem: "is missing (a D1 binding for each of SESSIONS_SHARD_COUNT shards)" });
    }
  }
  if (!parsed.success) throw configError("workers", parsed.error);
  if (missing.length > 0) throw new ConfigError("workers", missing);
  const v = parsed.data;
  const media: MediaConfig =
    v.MEDIA_PROVIDER === "mux-livekit"
      ? {
          provider: "mux-livekit",
          // superRefine guarantees each of these when the provider is mux-livekit
          mux: { tokenId: v.MUX_TOKEN_ID ?? "", tokenSecret: v.MUX_TOKEN_SECRET ?? "", apiBase: v.MUX_API_BASE ?? "https://api.mux.com" },
          muxSigning: { keyId: v.MUX_SIGNING_KEY_ID ?? "", privateKey: v.MUX_SIGNING_PRIVATE_KEY ?? "" },
          livekit: { url: v.LIVEKIT_URL ?? "", apiKey: v.LIVEKIT_API_KEY ?? "", apiSecret: v.LIVEKIT_API_SECRET ?? "" },
        }
      : { provider: "local" };
  const config: WorkersConfig<E> = {
    bindings: {
      WEBAPP_DB: env.WEBAPP_DB,
      ROOM_LIVE: env.ROOM_LIVE,
      USER_LIVE: env.USER_LIVE,
      LOCAL_MEDIA: env.LOCAL_MEDIA,
      START_RECORDING: env.START_RECORDING,
      STOP_RECORDING: env.STOP_RECORDING,
      DELETE_EVENT: env.DELETE_EVENT,
      DELETE_USER: env.DELETE_USER,
      GRANT_CREDIT: env.GRANT_CREDIT,
    } as PresentBindings<E, WorkersBindingName>,
    shards,
    media,
    commerceKeys: v.COMMERCE_KEYS ?? null,
    recordingHoldMinutes: v.RECORDING_HOLD_MINUTES,
  };
  workersCache.set(env, config as WorkersConfig);
  return config;
}
