export * from "./chat.js";
export * from "./chunk.js";
export { collectChunks, responseToChunks } from "./collect.js";
export * from "./embeddings.js";
export * from "./errors.js";
