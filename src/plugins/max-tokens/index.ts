export { maxTokensPlugin } from "./max-tokens.js";
