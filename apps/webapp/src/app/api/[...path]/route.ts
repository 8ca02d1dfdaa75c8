import { machineGet, machinePost } from "@/server/machine";

type Params = { params: Promise<{ path: string[] }> };

/** The one route handler for machine-facing endpoints (webhooks, CSV exports): see src/server/machine.ts. */
export async function POST(request: Request, { params }: Params) {
  return machinePost(request, (await params).path);
}

export async function GET(request: Request, { params }: Params) {
  return machineGet(request, (await params).path);
}
