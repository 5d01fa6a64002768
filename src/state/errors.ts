/**
 * The two failures a state store reports. Callers branch on the class, never on a backend's
 * error type: `StateUnavailableError` means "the store could not answer" (choose fail-open or
 * fail-closed), `StateInputError` means "this call can never succeed as written".
 */

/** The backend could not be reached or did not answer in time; the call had no effect or an unknown one. */
export class StateUnavailableError extends Error {
  /** `memory`, `redis`, `sqlite` or `postgres`. */
  readonly backend: string;

  constructor(backend: string, message: string, options?: { cause?: unknown }) {
    super(`${backend} state store unavailable: ${message}`, options);
    this.name = "StateUnavailableError";
    this.backend = backend;
  }
}

/** The arguments were invalid (a bad key, a negative amount, an unknown field, a reused hold id). */
export class StateInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StateInputError";
  }
}

/** The message of anything thrown, for wrapping driver errors. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
