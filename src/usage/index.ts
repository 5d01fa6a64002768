/** Token counting and usage estimates for requests whose provider reported no usage. */
export {
  type CountMethod,
  counterFor,
  encodingFor,
  estimateTokens,
  tokenizerFor,
  warmTokenizers,
} from "./count.js";
export {
  estimateEmbeddingsTokens,
  estimateInputTokens,
  estimateResponseUsage,
  estimateUsage,
  messageText,
  toolsText,
} from "./estimate.js";
export { GeneratedText } from "./generated-text.js";
export { addGenerated, estimateFromBody, PassthroughMeter } from "./passthrough-meter.js";
