/**
 * One column of the embeddings conformance table, declared by the emulator folder that serves it
 * (`test/emulators/<provider>/conformance.ts`) and collected in `test/emulators/conformance.ts`.
 */
import type { ConformanceTarget, Endpoints } from "./column.js";

type Json = Record<string, unknown>;

export interface EmbeddingsTarget {
  /** Column, and the model name in the gateway config (`<id>-drop` is its drop-mode twin). */
  id: string;
  provider(e: Endpoints): Json;
  target: Json;
  /** Vector length without `dimensions` (the emulated model's width). */
  width: number;
  /** The upstream field `dimensions` becomes, or why the model has none (refused with 400). */
  sizeField: string | { unsupported: string };
  /** The provider speaks OpenAI's encodings itself: `encoding_format` is forwarded. */
  nativeBase64: boolean;
}

/** The provider config of a chat column, reused for its embeddings column. */
export function chatProvider(columns: readonly ConformanceTarget[], id: string): (e: Endpoints) => Json {
  const t = columns.find((x) => x.id === id);
  if (!t) throw new Error(`no conformance column '${id}'`);
  return (e) => t.provider(e, false) as Json;
}
