import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError, parseInput } from "./errors";

const Schema = z
  .object({
    name: z.string().min(3, "Too short").regex(/^[a-z]+$/, "Lowercase only"),
    rooms: z.array(z.object({ name: z.string().min(1, "Name the room") })),
  })
  .refine((value) => value.name !== "admin", "That name is reserved");

const fails = (input: unknown) => {
  try {
    parseInput(Schema, input);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error("parsed");
};

describe("parseInput", () => {
  it("returns the parsed value", () => {
    expect(parseInput(Schema, { name: "abc", rooms: [], extra: 1 })).toEqual({ name: "abc", rooms: [] });
  });

  it("gives one message per top-level field, the first, from z.flattenError", () => {
    const error = fails({ name: "A", rooms: [{ name: "" }] });
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe("invalid");
    expect(error.fieldErrors).toEqual({ name: ["Too short"], rooms: ["Name the room"] });
  });

  it("puts errors about the whole input under _form", () => {
    expect(fails({ name: "admin", rooms: [] }).fieldErrors).toEqual({ _form: ["That name is reserved"] });
    expect(Object.keys(fails("not an object").fieldErrors ?? {})).toEqual(["_form"]);
  });
});
