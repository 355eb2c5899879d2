import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/** Debian's Chromium; `.ci/run` installs it. Override with GT_LOCAL_CHROMIUM. */
const CHROMIUM = process.env.GT_LOCAL_CHROMIUM ?? "/usr/bin/chromium";

/** Where tests leave screenshots for people to look at (ignored by git, kept by CI logs). */
export const ARTIFACTS_DIR = join(process.cwd(), "test-artifacts");

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile and no background traffic: the machine has no network
 * beyond loopback, and Chromium's own update and sync calls would only be refused.
 */
export async function launchBrowser(): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), "gt-local-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
