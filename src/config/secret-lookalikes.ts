/**
 * Strings that look like a secret reference but are not one: `{env:X}`, `${X}`, `os.environ/X`,
 * `env://X` without braces… Taken literally they would become the provider key itself (and reach
 * the provider, and its error logs), so each is a config error that says what was probably meant.
 * Checked after the real references are replaced, so only the leftovers are looked at.
 */

/** A left-over fragment and the reference it probably meant. */
export interface Lookalike {
  fragment: string;
  suggestion: string;
}

const NAME = "[A-Za-z_][A-Za-z0-9_]*";

/** Each pattern captures the scheme (when it names one) and the target. */
const PATTERNS: Array<{ re: RegExp; scheme?: "env" | "file" }> = [
  // {env:X} {env:/X} {env//X} {ENV://X} {env://X (unclosed) {file:/x} — a brace, a scheme, a target
  { re: /\{\s*(env|file)\s*[:/]{1,4}\s*([^}\s]*)\}?/gi },
  // env://X or file:///x as the whole value, without the braces
  { re: /^(env|file):\/\/+(\S+)$/gi },
  // ${X} ${env:X} (shell / docker-compose / LiteLLM styles)
  { re: new RegExp(`\\$\\{\\s*(?:env[:.])?(${NAME})\\s*\\}`, "gi"), scheme: "env" },
  // os.environ/X, os.environ[X], process.env.X
  { re: new RegExp(`(?:os\\.environ[/.[]|process\\.env\\.)['"]?(${NAME})['"]?\\]?`, "g"), scheme: "env" },
  // $X as the whole value (an unexpanded shell variable)
  { re: new RegExp(`^\\$(${NAME})$`, "g"), scheme: "env" },
];

/** Finds the first lookalike in a string whose real references were already replaced. */
export function findLookalike(value: string): Lookalike | undefined {
  for (const { re, scheme } of PATTERNS) {
    re.lastIndex = 0;
    const m = re.exec(value);
    if (!m) continue;
    const kind = (scheme ?? m[1]!.toLowerCase()) as "env" | "file";
    const target = (scheme ? m[1] : m[2])!.replace(/^\/+/, "");
    const suggestion = kind === "env" ? `{env://${target}}` : `{file:///${target}}`;
    return { fragment: m[0], suggestion };
  }
  return undefined;
}
