/**
 * Requests that neither authenticated nor named a known project are not stored in the
 * delivery log (anyone could fill the disk with them; README: Security). They are counted
 * instead, and the count is logged as one line a minute while they keep coming.
 */
export class UnloggedRequests {
  private count = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly log: (line: string) => void,
    private readonly windowMs = 60_000,
  ) {}

  add(): void {
    this.count += 1;
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.windowMs);
    this.timer.unref();
  }

  /** Logs the count so far (if any) and starts a new window. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.count) return;
    const seconds = Math.round(this.windowMs / 1000);
    this.log(
      `[api] ${this.count} request${this.count === 1 ? "" : "s"} in ${seconds} s named no known project and had no ` +
        `valid credential; refused (401) and not stored in the delivery log`,
    );
    this.count = 0;
  }
}
