/**
 * The translation conformance matrix, Anthropic client dialect (`/v1/messages`, official
 * `@anthropic-ai/sdk`): every provider × every case, streamed and not. See docs/conformance.md.
 */
import { conformanceSuite } from "./suite.js";

conformanceSuite("anthropic");
