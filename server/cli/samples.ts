import { join } from "node:path";
import { repositoryRoot } from "../http/package-root.js";

/**
 * The files shipped in `samples/` (the npm package's `files` includes it): the demo's clips and the
 * video classification template `gt-local label` uses unless given `--template`.
 */
export const samplesDir = (): string => join(repositoryRoot(), "samples");
export const sampleVideosDir = (): string => join(samplesDir(), "videos");
export const videoTemplatePath = (): string =>
  join(samplesDir(), "templates", "video-classification.liquid.html");
