import { exportParticipantsCsv } from "@greenroom/domain/participants";
import { errorResponse } from "@/server/http";
import { requestInput } from "@/server/transport";
import { requestContext } from "@/server/context";
import { filtersFrom } from "../filters";

/** GET: the event's participants (with the list's filters) as a CSV download. */
export async function GET(request: Request, { params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  try {
    const { ctx } = await requestContext();
    const filters = filtersFrom(new URL(request.url).searchParams);
    const { filename, body } = await exportParticipantsCsv({ ctx, input: requestInput({ eventId, ...filters }) });
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
        "cache-control": "private, no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
