/**
 * Config text → plain data. YAML (JSON is YAML) with the traps closed: syntax errors are reported
 * by position only, never with the source line (it may hold a literal key); duplicate keys are
 * errors; an alias that refers to a node containing it (a cycle) is refused before anything walks
 * the tree; alias expansion is bounded (`maxAliasCount`), so a small file cannot expand to gigabytes.
 */
import { LineCounter, parseDocument, visit } from "yaml";
import { describeYamlError } from "./yaml-errors.js";

/** Alias expansions allowed in one file; past this, the file is refused (billion laughs). */
export const MAX_ALIAS_COUNT = 100;
/** At most this many syntax errors are listed: past the first few they are usually echoes. */
const MAX_LISTED = 5;

export type ParseResult = { ok: true; value: unknown } | { ok: false; problems: string[] };

/** Parses config text. Never throws: every failure is a `line L, column C: …` problem. */
export function parseConfigText(text: string): ParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  const at = (offset: number): string => {
    const { line, col } = lines.linePos(offset);
    return `line ${line}, column ${col}`;
  };
  // Warnings (an unknown tag, say) count too: a config is plain YAML, and a guessed meaning is worse.
  const errors = [...doc.errors, ...doc.warnings];
  if (errors.length) {
    return {
      ok: false,
      problems: errors.slice(0, MAX_LISTED).map((e) => `${at(e.pos[0])}: ${describeYamlError(e)}`),
    };
  }
  const problems: string[] = [];
  visit(doc, {
    Alias(_key, alias, path) {
      const target = alias.resolve(doc);
      const where = `${at(alias.range?.[0] ?? 0)}: alias *${alias.source}`;
      if (!target) problems.push(`${where} has no anchor &${alias.source} before it`);
      else if (path.some((p) => p === target))
        problems.push(`${where} is inside the node it refers to (a cycle); a config cannot refer to itself`);
      return problems.length ? visit.BREAK : undefined;
    },
  });
  if (problems.length) return { ok: false, problems };
  try {
    const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
    if (Array.isArray(value) || typeof value !== "object") {
      const kind = Array.isArray(value) ? "a list" : `a ${typeof value}`;
      return {
        ok: false,
        problems: [`(root): the config must be a mapping of settings (key: value), not ${kind}`],
      };
    }
    return { ok: true, value };
  } catch {
    // toJS throws only for alias abuse once the document parsed cleanly.
    return {
      ok: false,
      problems: [`(root): aliases expand past ${MAX_ALIAS_COUNT} copies; write the values out instead`],
    };
  }
}
