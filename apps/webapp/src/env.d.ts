import type { StageRpc } from "@greenroom/workers/rpc";

declare global {
  interface CloudflareEnv {
    WEBAPP_DB: D1Database;
    WORKERS: Service<StageRpc>;
    ASSETS: Fetcher;
    AUTH_SECRET: string;
  }
}
