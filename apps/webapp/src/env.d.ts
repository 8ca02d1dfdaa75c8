import type { StageRpc } from "@greenroom/workers/rpc";

declare global {
  interface CloudflareEnv {
    WEBAPP_DB: D1Database;
    WORKERS: Service<StageRpc>;
    ASSETS: Fetcher;
    AUTH_SECRET: string;
    // "local" (default): mail lands in the outbox table; "http": sent with MAIL_API_URL / MAIL_API_KEY / MAIL_FROM
    MAIL_TRANSPORT?: string;
    MAIL_API_URL?: string;
    MAIL_API_KEY?: string;
    MAIL_FROM?: string;
    // The public origin for links in mail, e.g. https://greenroom.example; required unless MAIL_TRANSPORT=local
    APP_URL?: string;
  }
}
