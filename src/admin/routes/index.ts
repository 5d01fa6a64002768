/** Every admin API route, one line per module (the router in `../router.ts` serves them). */
import type { AdminRoute } from "../route.js";
import { entityRoutes } from "./entities.js";
import { keyRoutes } from "./keys.js";
import { LIMITS_ROUTES } from "./limits.js";
import { statusRoutes } from "./status.js";

// why: `limits` first, so `/admin/v1/limits/explain` is matched before `/admin/v1/limits/:id`.
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  ...LIMITS_ROUTES,
  ...statusRoutes,
  ...entityRoutes,
  ...keyRoutes,
];
