/** `tollgate validate`: every problem listed by path; exit 1 when there is any. */
import { loadConfigFile } from "../config/load.js";

export function validate(file: string): number {
  const result = loadConfigFile(file);
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
