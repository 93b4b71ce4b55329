/** A piece of background work the registry runs every `every` ms, in one process at a time. */
export interface Job {
  /** Unique among registered jobs; the advisory lock's key is derived from it, so keep it stable. */
  name: string;
  /** Milliseconds between the end of one run and the start of the next. */
  every: number;
  /** Milliseconds before the first run after start-up (default: `every`). */
  firstRunAfter?: number;
  /** `signal` is aborted on shutdown: a long run should check it between steps. */
  run(signal: AbortSignal): Promise<unknown>;
}

/** What one tick did: a process that does not get the job's lock skips it. */
export type JobOutcome = "ran" | "skipped" | "failed";
