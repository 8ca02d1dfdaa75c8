import type { z } from "@hono/zod-openapi";
import { Problem } from "../problem";

/** The error answers every route may give, as the OpenAPI document lists them (problem+json). */
export const problems = {
  400: { description: "Invalid input", content: { "application/problem+json": { schema: Problem } } },
  401: { description: "No valid API key", content: { "application/problem+json": { schema: Problem } } },
  403: { description: "The key or its user may not do this", content: { "application/problem+json": { schema: Problem } } },
  404: { description: "No such resource (or not visible to this key)", content: { "application/problem+json": { schema: Problem } } },
  409: { description: "Conflicts with the resource's state", content: { "application/problem+json": { schema: Problem } } },
  429: { description: "Rate limited; see Retry-After", content: { "application/problem+json": { schema: Problem } } },
} as const;
export const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } });
export const body = <S extends z.ZodType>(schema: S) => ({ body: { required: true, content: { "application/json": { schema } } } });
export const security = [{ bearerAuth: [] }];

/** The origin requests came in on: resources' `url` fields point back at it. */
export const originOf = (url: string) => new URL(url).origin;
