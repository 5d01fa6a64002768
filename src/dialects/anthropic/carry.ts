/**
 * What an Anthropic request holds that canonical form has no field for, recorded by the path it
 * had in the client's request (`messages.2.content.0`, `tools.1`). Kept in
 * `extra.anthropic.carried_blocks` / `carried_fields` so nothing is silently dropped: a provider
 * that speaks Anthropic can put them back, any other refuses (or drops with a warning).
 */
export interface CarriedBlock {
  path: string;
  block: Record<string, unknown>;
}

export interface CarriedFields {
  path: string;
  fields: Record<string, unknown>;
}

export class Carry {
  readonly blocks: CarriedBlock[] = [];
  readonly fields: CarriedFields[] = [];

  block(path: readonly PropertyKey[], block: Record<string, unknown>): void {
    this.blocks.push({ path: path.map(String).join("."), block });
  }

  /** Records the keys of `obj` other than `mapped` (those canonical form already holds). */
  leftover(path: readonly PropertyKey[], obj: Record<string, unknown>, mapped: readonly string[]): void {
    const fields: Record<string, unknown> = {};
    let any = false;
    for (const [key, value] of Object.entries(obj)) {
      if (mapped.includes(key) || value === undefined) continue;
      fields[key] = value;
      any = true;
    }
    if (any) this.fields.push({ path: path.map(String).join("."), fields });
  }
}
