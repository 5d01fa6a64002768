/** Every admin route module's list, for the admin router (one line per module). */
import { LIMITS_ROUTES } from "./limits.js";

export const ADMIN_ROUTES = [...LIMITS_ROUTES];
