// The Postgres mirror of db/schema/storage-probes.ts (see db/schema-pg/columns.ts); what the table means is said there.
import { pgTable } from "drizzle-orm/pg-core";
import { bytes, id } from "./columns";

export const storageProbes = pgTable("storage_probes", { id: id(), body: bytes("body").notNull() });
