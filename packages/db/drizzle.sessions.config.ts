import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./src/sessions/schema.ts",
  out: "../../migrations/sessions",
  casing: "snake_case",
});
