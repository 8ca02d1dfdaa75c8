import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./src/webapp/schema.ts",
  out: "../../migrations/webapp",
  casing: "snake_case",
});
