import { z } from "zod";
import { versionNameSchema } from "./names";

export const slugSchema = z
  .string()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase letters, digits and single dashes (e.g. checkout-api)");

/** ASCII letters, digits and . _ - + / (server/domain/names.ts), 1–100 characters. */
export const versionSchema = versionNameSchema(100);

export const reasonSchema = z
  .string()
  .trim()
  .min(1, "a reason is required")
  .max(2000, "must be at most 2000 characters");

export const releaseRefSchema = z.object({ project: slugSchema, version: versionSchema });

export const httpUrlSchema = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .max(2000, "must be at most 2000 characters");
