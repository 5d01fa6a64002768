/**
 * The emulator registry: every provider emulator, served together on one port by `startEmulator`.
 * Adding a provider's emulator is one import and one line here.
 */
import { anthropicEmulator } from "./anthropic/index.js";
import { bedrockEmulator } from "./bedrock/index.js";
import { cohereEmulator } from "./cohere/index.js";
import { geminiEmulator, vertexAnthropicEmulator, vertexEmulator } from "./gemini/index.js";
import { openaiEmulator } from "./openai/index.js";
import { type Emulator, startEmulator } from "./server.js";
import type { ProviderEmulator } from "./types.js";

export const EMULATORS: ProviderEmulator[] = [
  openaiEmulator,
  anthropicEmulator,
  bedrockEmulator,
  cohereEmulator,
  geminiEmulator,
  vertexEmulator,
  vertexAnthropicEmulator,
];

/** Starts one server that serves every provider's routes (port 0 picks a free one). */
export function startAllEmulators(opts: { port?: number; host?: string } = {}): Promise<Emulator> {
  return startEmulator(EMULATORS, opts);
}

export type { Emulator, RecordedRequest } from "./server.js";
export { startEmulator } from "./server.js";
