import { defineCloudflareConfig } from "@opennextjs/cloudflare";

// Plain defaults: pages are rendered per request, so no incremental cache binding is needed yet.
export default defineCloudflareConfig({});
