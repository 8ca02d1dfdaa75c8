import { z } from "zod";

/** A row id as verbs accept it (CUID2 or a seeded id such as `role_speaker`). */
export const Id = z.string().trim().min(1).max(64);

/** An optional id as forms send it: "" means none (e.g. "Whole event" in a room picker). */
export const OptionalId = z.preprocess((v) => (v === "" || v === null ? undefined : v), Id.optional());
