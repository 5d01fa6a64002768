export { jwtAuthPlugin, looksLikeJwt } from "./jwt-auth.js";
