/**
 * Per-job serialization: work queued for one job runs one piece at a time, in order; different
 * jobs run independently. A failure is reported and does not stop the pieces queued after it.
 */
export class JobChains {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly onError: (jobArn: string, error: unknown) => void) {}

  run(jobArn: string, work: () => Promise<void>): Promise<void> {
    const previous = this.chains.get(jobArn) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((error: unknown) => {
        this.onError(jobArn, error);
      })
      .finally(() => {
        if (this.chains.get(jobArn) === next) this.chains.delete(jobArn);
      });
    this.chains.set(jobArn, next);
    return next;
  }

  /** Resolves once the work queued for this job so far has run. */
  queuedFor(jobArn: string): Promise<void> {
    return this.chains.get(jobArn) ?? Promise.resolve();
  }

  get busy(): boolean {
    return this.chains.size > 0;
  }

  /** Waits for the work queued so far (more may be queued meanwhile: check `busy` again). */
  async settled(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }
}
