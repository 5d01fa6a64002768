/**
 * Errors the admin API answers with: a status, a stable code, a message, and for validation
 * problems the field that is wrong (`param`) and every problem by path (`problems`).
 */
import type { z } from "zod";

export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param?: string,
    readonly problems?: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(message);
    this.name = "AdminError";
  }

  static notFound(what: string, id: string): AdminError {
    return new AdminError(404, "not_found", `No ${what} with id '${id}'.`);
  }

  static conflict(message: string, param?: string): AdminError {
    return new AdminError(409, "conflict", message, param);
  }

  /** A tenant, team or consumer the config file declares: read-only through the admin API. */
  static configEntity(kind: string, id: string): AdminError {
    return new AdminError(
      409,
      "config_entity",
      `The ${kind} '${id}' is declared in the config file (source: config); change it there and reload.`,
      "id",
    );
  }

  /** A reference to an entity that does not exist, named by the field that holds it. */
  static unknownReference(field: string, what: string, id: string): AdminError {
    return new AdminError(422, "unknown_reference", `${field}: no ${what} with id '${id}'.`, field);
  }

  static fromZod(error: z.ZodError): AdminError {
    const problems = error.issues.map((i) => {
      // why: an unknown field is reported on its parent; the field itself is what the caller must fix.
      const path = i.code === "unrecognized_keys" ? [...i.path, i.keys[0]!] : i.path;
      return { path: path.length ? path.join(".") : "(body)", message: i.message };
    });
    const first = problems[0]!;
    const text = problems.map((p) => `${p.path}: ${p.message}`).join("; ");
    return new AdminError(400, "validation_failed", `Invalid request body: ${text}`, first.path, problems);
  }

  toBody(): unknown {
    return {
      error: {
        message: this.message,
        code: this.code,
        ...(this.param ? { param: this.param } : {}),
        ...(this.problems ? { problems: this.problems } : {}),
      },
    };
  }
}

/** Parses with a zod schema, turning problems into a 400 that names each field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw AdminError.fromZod(r.error);
  return r.data;
}
