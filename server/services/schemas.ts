import { z } from "zod";

export const slugSchema = z
  .string()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase letters, digits and single dashes (e.g. checkout-api)");

export const versionSchema = z
  .string()
  .min(1, "must be 1–100 characters")
  .max(100, "must be 1–100 characters")
  .refine((v) => v.trim() === v && !/[\u0000-\u001f]/.test(v), "must not have surrounding spaces or control characters");

export const reasonSchema = z.string().trim().min(1, "a reason is required").max(2000, "must be at most 2000 characters");

export const releaseRefSchema = z.object({ project: slugSchema, version: versionSchema });

export const httpUrlSchema = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .max(2000, "must be at most 2000 characters");
