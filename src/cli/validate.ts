/** `tollgate validate`: every problem listed by path; exit 1 when there is any. */
import { type LoadResult, loadConfigFile } from "../config/load.js";

/** Validates `file` as `start` would (schema, references, directories, ports); returns the exit code. */
export function validate(file: string): number {
  let result: LoadResult;
  try {
    result = loadConfigFile(file);
  } catch (err) {
    // Loading never throws by design; if a bug makes it, say so in one line, not a stack trace.
    process.stderr.write(`${file}: could not be checked (${String(err)})\n`);
    return 1;
  }
  if (result.ok) {
    const c = result.config;
    process.stdout.write(
      `${file} is valid: ${Object.keys(c.providers).length} providers, ${c.models.length} models, ${c.keys.length} keys\n`,
    );
    return 0;
  }
  process.stderr.write(`${file} has ${result.problems.length} problem(s):\n`);
  for (const p of result.problems) process.stderr.write(`  ${p}\n`);
  return 1;
}
