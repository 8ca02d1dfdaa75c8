import type { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { machineDelete, machineGet, machinePost } from "@/server/machine";

type Params = { params: Promise<{ path: string[] }> };

/**
 * The one route handler of the webapp: Auth.js under /api/auth/*, and the machine-facing endpoints (webhooks, CSV
 * exports: see src/server/machine.ts). Each Next.js route handler carries its own copy of the server code (about
 * 185 KB gzip), so they share this one instead of a handler each.
 */
export async function POST(request: NextRequest, { params }: Params) {
  const path = (await params).path;
  if (path[0] === "auth") return handlers.POST(request);
  return machinePost(request, path);
}

export async function GET(request: NextRequest, { params }: Params) {
  const path = (await params).path;
  if (path[0] === "auth") return handlers.GET(request);
  return machineGet(request, path);
}

export async function DELETE(request: NextRequest, { params }: Params) {
  return machineDelete(request, (await params).path);
}
