/** Budget alert webhooks: a JSON POST, fire and forget (a failure is logged, never retried in a loop). */
import type { Logger } from "pino";

export class AlertSender {
  constructor(private readonly logger: Logger) {}

  send(url: string, timeoutMs: number, body: Record<string, unknown>): void {
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    })
      .then((res) => {
        if (!res.ok)
          this.logger.warn({ status: res.status, budget: body.budget }, "budget alert webhook refused");
        return res.body?.cancel();
      })
      .catch((err: unknown) =>
        this.logger.warn({ err: (err as Error).message, budget: body.budget }, "budget alert webhook failed"),
      );
  }
}
