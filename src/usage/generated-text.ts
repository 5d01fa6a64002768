/**
 * Collects what a model generated (text, thinking, tool names and arguments) as a stream passes,
 * cheaply: each piece is kept by reference and joined once at the end, when it is counted.
 */
import type { ChatChunk } from "../canonical/chunk.js";

export class GeneratedText {
  private readonly parts: string[] = [];

  add(piece: string | undefined): void {
    if (piece) this.parts.push(piece);
  }

  /** Takes the generated text out of a canonical chunk (other chunks carry none). */
  addChunk(c: ChatChunk): void {
    if (c.type === "text-delta" || c.type === "thinking-delta") this.add(c.text);
    else if (c.type === "tool-call-delta") this.add(c.arguments);
    else if (c.type === "tool-call-start") this.add(c.name);
  }

  text(): string {
    return this.parts.join("");
  }
}
