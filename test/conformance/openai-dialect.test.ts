/**
 * The translation conformance matrix, OpenAI client dialect (`/v1/chat/completions`, official
 * `openai` SDK): every provider × every case, streamed and not. See docs/conformance.md.
 */
import { conformanceSuite } from "./suite.js";

conformanceSuite("openai");
