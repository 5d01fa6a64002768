/**
 * Renders the conformance matrix (docs/conformance.md) from the suite's own tables: the cases, the
 * targets and the exceptions. The suite fails whenever a provider does not behave as the table
 * says (a ✓ case fails, or an unsupported one is not refused), so a green suite means the page is
 * the result; `matrix.test.ts` fails when the committed page is out of date.
 */
import { ALL_CASES } from "./all-cases.js";
import type { Case, Dialect } from "./cases.js";
import { EMBEDDINGS_CASES } from "./embeddings-cases.js";
import { EMBEDDINGS_TARGETS } from "./embeddings-targets.js";
import { clientParam, type Exception, exceptionFor } from "./exceptions.js";
import { TARGETS } from "./targets.js";

/** The first table's client dialects; the Responses API has a table of its own. */
const DIALECTS: Dialect[] = ["openai", "anthropic"];
const DIALECT_NAME: Record<Dialect, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  responses: "Responses",
};
const asks = (c: Case, d: Dialect): boolean => !c.only || c.only.dialects.includes(d);

class Notes {
  readonly list: string[] = [];
  /** Numbering continues after `start` notes (a second table's notes follow the first's). */
  constructor(private readonly start = 0) {}
  ref(text: string): string {
    let i = this.list.indexOf(text);
    if (i === -1) i = this.list.push(text) - 1;
    return `<sup>${this.start + i + 1}</sup>`;
  }
  render(): string[] {
    return this.list.map((n, i) => `${this.start + i + 1}. ${n}`);
  }
}

function describe(e: Exception, dialect: Dialect): string {
  return e.param
    ? `${e.reason}. Refused with 400 \`unsupported_parameter\` (param \`${clientParam(e.param, dialect)}\`); with \`on_unsupported: drop\` the parameter is dropped and named in \`x-tollgate-warning\`.`
    : `${e.reason}.`;
}

/** One cell: a mark per dialect of the table that can ask the case (one mark when they agree). */
function cell(target: string, c: Case, notes: Notes, dialects: Dialect[]): string {
  const ds = dialects.filter((d) => asks(c, d));
  const per = ds.map((d) => exceptionFor(target, c.id, d));
  const mark = (e: Exception | undefined, d: Dialect) =>
    !e ? "✓" : `${e.param ? "✗ unsupported" : "– n/a"}${notes.ref(describe(e, d))}`;
  if (per.every((e) => e === per[0])) return mark(per[0], ds[0]!);
  return ds.map((d, i) => `${DIALECT_NAME[d]}: ${mark(per[i], d)}`).join("<br>");
}

/** The Responses API table: the same columns, the cases it can ask. */
function responsesTable(notes: Notes): string[] {
  const rows = ALL_CASES.filter((c) => asks(c, "responses")).map(
    (c) => `| ${c.title} | ${TARGETS.map((t) => cell(t.id, c, notes, ["responses"])).join(" | ")} |`,
  );
  const absent = ALL_CASES.filter((c) => !asks(c, "responses")).map((c) => `${c.title} (${c.only!.reason})`);
  return [
    "Responses API (`/v1/responses`), through the official `openai` SDK's `responses.create` and",
    "`responses.stream`: the same providers by translation, except the `openai` column, whose",
    "requests pass through to OpenAI's own Responses API. Every stream's events are checked against",
    "the documented order, and every answer and stream must carry usage. Not asked here:",
    `${absent.join("; ")}.`,
    "",
    `| case | ${TARGETS.map((t) => t.id).join(" | ")} |`,
    `|---|${TARGETS.map(() => "---").join("|")}|`,
    ...rows,
  ];
}

/** The embeddings table: its own columns (the providers with an embeddings API). */
function embeddingsTable(notes: Notes): string[] {
  const refusal = (reason: string, param: string) =>
    `${reason}. Refused with 400 \`unsupported_parameter\` (param \`${param}\`); with \`on_unsupported: drop\` the parameter is dropped and named in \`x-tollgate-warning\`.`;
  const rows = EMBEDDINGS_CASES.map((c) => {
    const cells = EMBEDDINGS_TARGETS.map((t) => {
      const u = c.unsupported?.(t);
      return u ? `✗ unsupported${notes.ref(refusal(u.reason, u.param))}` : "✓";
    });
    return `| ${c.title} | ${cells.join(" | ")} |`;
  });
  return [
    "Embeddings (`/v1/embeddings`), through the official `openai` SDK, whose default asks for base64",
    "(little-endian float32, decoded by the SDK); every provider with an embeddings API. Anthropic and",
    "Vertex AI have none through Tollgate: their models get 400 `unsupported_operation`.",
    "",
    `| case | ${EMBEDDINGS_TARGETS.map((t) => t.id).join(" | ")} |`,
    `|---|${EMBEDDINGS_TARGETS.map(() => "---").join("|")}|`,
    ...rows,
  ];
}

function usageTable(): string[] {
  const yes = (b: boolean) => (b ? "✓" : "–");
  const rows = TARGETS.map(
    (t) =>
      `| ${t.id} | ${yes(t.reports.cachedRead)} | ${yes(t.reports.cacheWrite)} | ${yes(t.reports.reasoning)} |`,
  );
  return [
    "| provider | cached-read tokens | cache-write tokens | reasoning tokens |",
    "|---|---|---|---|",
    ...rows,
  ];
}

/** The whole page. */
export function renderMatrix(): string {
  const notes = new Notes();
  const head = `| case | ${TARGETS.map((t) => t.id).join(" | ")} |`;
  const rule = `|---|${TARGETS.map(() => "---").join("|")}|`;
  const rows = ALL_CASES.filter((c) => DIALECTS.some((d) => asks(c, d))).map((c) => {
    const only = DIALECTS.filter((d) => asks(c, d));
    const marker =
      only.length === 1
        ? ` (${DIALECT_NAME[only[0]!]} dialect only${notes.ref(`Only the ${DIALECT_NAME[only[0]!]} client dialect can ask for this: ${c.only!.reason}.`)})`
        : "";
    return `| ${c.title}${marker} | ${TARGETS.map((t) => cell(t.id, c, notes, DIALECTS)).join(" | ")} |`;
  });
  const responsesNotes = new Notes(notes.list.length);
  const responses = responsesTable(responsesNotes);
  const embeddingNotes = new Notes(notes.list.length + responsesNotes.list.length);
  return [
    "# Translation conformance matrix",
    "",
    "<!-- Generated by test/conformance (matrix.ts). Do not edit: run `UPDATE_GOLDEN=1 npx vitest run test/conformance/matrix.test.ts`. -->",
    "",
    "Every case runs against every provider through the real gateway (loopback HTTP) and the provider",
    "emulators, from each client dialect — OpenAI `/v1/chat/completions` with the official `openai`",
    "SDK and Anthropic `/v1/messages` with `@anthropic-ai/sdk` in the first table, the Responses API",
    "in the second — streamed and not. Every answer and every stream must carry usage. Suite:",
    "`test/conformance/`.",
    "",
    "✓ passes · ✗ unsupported: the gateway refuses it with a clear 400 (tested) · – not applicable",
    "",
    head,
    rule,
    ...rows,
    "",
    ...notes.render(),
    "",
    ...responses,
    "",
    ...responsesNotes.render(),
    "",
    ...embeddingsTable(embeddingNotes),
    "",
    ...embeddingNotes.render(),
    "",
    "## Usage fields each provider reports",
    "",
    "Where a provider reports a field, the suite checks its value in every dialect: OpenAI",
    "`prompt_tokens_details.cached_tokens` and `completion_tokens_details.reasoning_tokens`;",
    "Responses `input_tokens_details.cached_tokens` and `output_tokens_details.reasoning_tokens`;",
    "Anthropic `cache_read_input_tokens` and `cache_creation_input_tokens` (its `input_tokens` excludes",
    "them, `prompt_tokens` includes them). The OpenAI and Responses dialects have no cache-write field",
    "and the Anthropic dialect no reasoning field (reasoning is part of `output_tokens` there).",
    "",
    ...usageTable(),
    "",
  ].join("\n");
}
