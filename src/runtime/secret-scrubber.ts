/**
 * Scrubs a provider's configured credentials out of text that came back from upstream (error
 * bodies echo keys: OpenAI-compatible servers, Azure and Mistral have been seen doing it). Shape
 * rules (`sk-…`) miss keys of other shapes, so the configured values themselves are looked for:
 * every string under a credential-like field of the provider's section, every extra header value,
 * and the fields of a JSON service-account file (URLs excepted). A long secret is also caught by
 * its first 12 characters followed by key-like characters, which is how servers echo keys they
 * partly mask ("sk-proj-abcd****wxyz"); the match never runs into JSON punctuation.
 */
const CREDENTIAL_FIELD = /key|secret|token|password|credential|auth|signature/i;
/** Shorter values are not worth scrubbing (and would blank ordinary words). */
const MIN_SECRET = 8;
/** Secrets at least this long are also matched by their prefix. */
const PREFIX_FROM = 20;
const PREFIX = 12;
const KEYISH = "[A-Za-z0-9*._~+/=-]*";

export type Scrubber = (text: string) => string;

/** The credential values in a provider's config section. */
export function secretsOf(section: unknown): string[] {
  const out = new Set<string>();
  const visit = (value: unknown, credential: boolean): void => {
    if (typeof value === "string") {
      if (credential && value.length >= MIN_SECRET && !/^https?:\/\//.test(value)) {
        out.add(value);
        const json = parseJson(value);
        if (json) visit(json, false);
      }
    } else if (Array.isArray(value)) {
      for (const v of value) visit(v, credential);
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value))
        visit(v, credential || k === "headers" || CREDENTIAL_FIELD.test(k));
    }
  };
  visit(section, false);
  return [...out];
}

export function makeScrubber(secrets: readonly string[]): Scrubber {
  if (!secrets.length) return (text) => text;
  const alternatives = secrets
    .flatMap((s) =>
      s.length >= PREFIX_FROM
        ? [escapeRegExp(s), escapeRegExp(s.slice(0, PREFIX)) + KEYISH]
        : [escapeRegExp(s)],
    )
    .sort((a, b) => b.length - a.length);
  const pattern = new RegExp(alternatives.join("|"), "g");
  return (text) => text.replace(pattern, "[redacted]");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function parseJson(text: string): unknown {
  if (!text.trimStart().startsWith("{")) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
