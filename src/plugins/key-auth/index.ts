export { keyAuthPlugin } from "./key-auth.js";
