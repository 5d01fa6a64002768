/**
 * The translation conformance matrix, Responses client dialect (`/v1/responses`, official `openai`
 * SDK's `responses.create` and `responses.stream`): every provider × every case the Responses API
 * can ask, streamed and not. See docs/conformance.md.
 */
import { conformanceSuite } from "./suite.js";

conformanceSuite("responses");
