import { z } from "zod";

export const maxTokensConfigSchema = z
  .object({
    /** Largest output-token cap a request may ask for; larger asks are lowered to it. */
    max: z.number().int().positive().max(10_000_000),
    /** Cap given to requests that set none (bounds cost estimates and runaway generations). */
    default: z.number().int().positive().max(10_000_000).optional(),
  })
  .strict()
  .refine((c) => c.default === undefined || c.default <= c.max, {
    message: "default must not be larger than max",
    path: ["default"],
  });
export type MaxTokensConfig = z.infer<typeof maxTokensConfigSchema>;
