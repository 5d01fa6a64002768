export { hashKey, keyAuthPlugin } from "./key-auth.js";
