import { z } from "zod";
import { Id } from "../ids";

export const RevokeGrantInput = z.object({ grantId: Id });

export type RevokeGrantInput = z.infer<typeof RevokeGrantInput>;

export const ListEventGrantsInput = z.object({ eventId: Id });

export type ListEventGrantsInput = z.infer<typeof ListEventGrantsInput>;

export const ListGrantableRolesInput = z.object({ eventId: Id });

export type ListGrantableRolesInput = z.infer<typeof ListGrantableRolesInput>;
