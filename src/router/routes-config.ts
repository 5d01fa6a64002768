/**
 * `routes:` — policy routes. Each names a condition on what the request is for (the request
 * contract), who sends it (key, consumer, team, tenant), where (path), what it asks for (model)
 * and what it holds (tools, images, estimated prompt tokens), and the model pool that serves it.
 * First match wins. A route may also set parameters or cap them.
 */
import { z } from "zod";
import { CONTRACT_FIELDS } from "../dialects/contract.js";

/** A condition on one field: a plain value means `eq`. */
const opsSchema = z
  .object({
    eq: z.union([z.string(), z.number(), z.boolean()]).optional(),
    ne: z.union([z.string(), z.number(), z.boolean()]).optional(),
    in: z.array(z.union([z.string(), z.number()])).optional(),
    not_in: z.array(z.union([z.string(), z.number()])).optional(),
    /** A JavaScript regular expression, matched against the whole value unless anchored otherwise. */
    regex: z
      .string()
      .max(500)
      .refine((r) => {
        try {
          new RegExp(r);
          return true;
        } catch {
          return false;
        }
      }, "not a valid regular expression")
      .optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    /** true: the field is present; false: absent. */
    exists: z.boolean().optional(),
  })
  .strict();

export type FieldCondition = string | number | boolean | z.infer<typeof opsSchema>;

/** The fields a route can test: the request contract, then who, where and what. */
export const MATCH_FIELDS = [
  ...CONTRACT_FIELDS,
  "key",
  "consumer",
  "team",
  "path",
  "model",
  "stream",
  "has_tools",
  "has_images",
  "prompt_tokens",
] as const;
export type MatchField = (typeof MATCH_FIELDS)[number];

export interface Match {
  and?: Match[];
  or?: Match[];
  not?: Match;
  [field: string]: FieldCondition | Match[] | Match | undefined;
}

const fieldSchema = z.union([z.string(), z.number(), z.boolean(), opsSchema]);

export const matchSchema: z.ZodType<Match> = z.lazy(() =>
  z
    .object({
      and: z.array(matchSchema).optional(),
      or: z.array(matchSchema).optional(),
      not: matchSchema.optional(),
      ...Object.fromEntries(MATCH_FIELDS.map((f) => [f, fieldSchema.optional()])),
    })
    .strict(),
) as z.ZodType<Match>;

export const routeSchema = z
  .object({
    name: z.string().min(1).max(128),
    match: matchSchema,
    /** The model (pool) that serves matching requests. */
    model: z.string().min(1),
    /** Parameters set on matching requests (over the client's). */
    set: z.record(z.string(), z.unknown()).optional(),
    /** Upper bounds on numeric parameters, e.g. `{ max_tokens: 1000 }`. */
    cap: z.record(z.string(), z.number().min(0).max(10_000_000)).optional(),
  })
  .strict();

export type RouteConfig = z.infer<typeof routeSchema>;
