import type { Command } from "commander";
import { guarded } from "../cli-error.js";
import { labelOptions, type LabelOptions } from "./label-options.js";

/**
 * `gt-local label <folder|glob> --labels a,b,c`: a video classification job on local videos, from
 * upload to output manifest, in one command. The job's name comes from the folder, so running the
 * same command again (after Ctrl-C, a crash, or once the job is done) resumes the same job.
 */
export function addLabelCommand(program: Command): void {
  const command = program
    .command("label")
    .description("label a folder of videos: upload, create the job, wait, write the output manifest")
    .argument("<folder|glob>", 'a folder of videos, or a glob such as "clips/**/*.mp4"');
  for (const option of labelOptions()) command.addOption(option);
  command.action(async (target: string, options: LabelOptions) => {
    await guarded(options.endpoint, async () => {
      // The work (the AWS SDK clients, the progress bar, the glob matcher, the browser opener)
      // loads only when `label` runs, not with every `gt-local` command.
      const { label } = await import("./run-label.js");
      await label(target, options);
    });
  });
}
