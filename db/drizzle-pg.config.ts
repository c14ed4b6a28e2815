import { defineConfig } from "drizzle-kit";

/** Postgres (README: Postgres): generates db/migrations-pg from db/schema-pg, the mirror of db/schema. */
export default defineConfig({ dialect: "postgresql", schema: "./db/schema-pg/index.ts", out: "./db/migrations-pg" });
