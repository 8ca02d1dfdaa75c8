import { z } from "zod";
import { Id } from "../ids";

export const ListEventClipsInput = z.object({ eventId: Id });
export type ListEventClipsInput = z.infer<typeof ListEventClipsInput>;
