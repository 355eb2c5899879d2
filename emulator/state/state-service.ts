import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { validationError } from "../errors.js";
import { exportState } from "./export-state.js";
import { isFreshState } from "./fresh-state.js";
import { importState } from "./import-state.js";
import { loadStateFolder } from "./load-state-folder.js";
import type { StateDependencies } from "./state-dependencies.js";
import type { StateSummary } from "./state-format.js";

/** Where a reset goes: the seed state, or the empty state of a fresh start. */
export type ResetTarget = "seed" | "empty";

/** What `--seed-state` did at start: loaded the folder, or kept a data dir that already held state. */
export type SeedOutcome = "imported" | "kept-existing-state";

interface Seed {
  dir: string;
  /** A folder saveSeed() made (removed when replaced or at close), not the user's own. */
  temporary: boolean;
}

/**
 * State between tests: export and import of the whole state, and the seed state a reset returns
 * to. Operations run one at a time, so an import never interleaves with an export or a reset.
 */
export class StateService {
  private seed: Seed | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: StateDependencies) {}

  exportTo(dir: string): Promise<StateSummary> {
    return this.serially(() => exportState(this.deps, dir));
  }

  importFrom(dir: string): Promise<StateSummary> {
    return this.serially(() => importState(this.deps, dir));
  }

  /** The current state becomes the seed: exported to a temporary folder that resets import. */
  saveSeed(): Promise<StateSummary> {
    return this.serially(async () => {
      const dir = await mkdtemp(join(tmpdir(), "gt-local-seed-"));
      try {
        const summary = await exportState(this.deps, dir);
        this.replaceSeed({ dir, temporary: true });
        return summary;
      } catch (error) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    });
  }

  /**
   * A folder (`--seed-state`) becomes the seed. It is imported only into a fresh state; a data dir
   * that already holds state is kept (a restart must not wipe it), and the folder is still checked
   * and still where a reset goes.
   */
  useSeedFolder(dir: string): Promise<SeedOutcome> {
    return this.serially(async () => {
      const folder = resolve(dir);
      let outcome: SeedOutcome;
      if (isFreshState(this.deps.db)) {
        await importState(this.deps, folder);
        outcome = "imported";
      } else {
        (await loadStateFolder(folder)).close();
        outcome = "kept-existing-state";
      }
      this.replaceSeed({ dir: folder, temporary: false });
      return outcome;
    });
  }

  /** The folder a reset to the seed imports, if there is a seed. */
  get seedDir(): string | undefined {
    return this.seed?.dir;
  }

  /** Back to the seed state when there is one (or `to: "seed"` asks for it), else to empty. */
  reset(to?: ResetTarget): Promise<ResetTarget> {
    return this.serially(async () => {
      const seed = this.seed;
      if (to === "seed" && !seed) {
        throw validationError(
          "There is no seed state to reset to. Save one first (POST /_gt/api/state/seed) or start gt-local with --seed-state <dir>.",
        );
      }
      if (to === "empty" || !seed) {
        await this.deps.resetToEmpty();
        return "empty";
      }
      await importState(this.deps, seed.dir);
      return "seed";
    });
  }

  /** Removes a temporary seed folder (the emulator is closing). */
  dispose(): void {
    this.replaceSeed(undefined);
  }

  private replaceSeed(next: Seed | undefined): void {
    const previous = this.seed;
    this.seed = next;
    if (previous?.temporary && previous.dir !== next?.dir) {
      rmSync(previous.dir, { recursive: true, force: true });
    }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
