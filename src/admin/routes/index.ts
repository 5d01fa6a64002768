/** Every admin API route, one line per module (the router in `../router.ts` serves them). */
import type { AdminRoute } from "../route.js";
import { entityRoutes } from "./entities.js";
import { keyRoutes } from "./keys.js";
import { statusRoutes } from "./status.js";

export const ADMIN_ROUTES: readonly AdminRoute[] = [...statusRoutes, ...entityRoutes, ...keyRoutes];
