import { InvalidArgumentError, Option } from "commander";
import { DEFAULT_OPTIONS } from "../../config.js";
import { connectionOptions, type ConnectionOptions } from "../connection.js";

/** Every option of `gt-local label`, as data (the README's "Command line" section lists them). */
export interface LabelOptions extends ConnectionOptions {
  labels: string[];
  workers: number;
  team: string;
  template?: string;
  out?: string;
  job?: string;
  simulate?: string;
  open?: boolean;
  dataDir: string;
}

function parseLabels(value: string): string[] {
  const labels = value
    .split(",")
    .map((label) => label.trim())
    .filter((label) => label !== "");
  if (labels.length === 0) throw new InvalidArgumentError("give at least one label, e.g. --labels cat,dog");
  const repeated = labels.find((label, index) => labels.indexOf(label) !== index);
  if (repeated !== undefined) throw new InvalidArgumentError(`${repeated} is given twice`);
  return labels;
}

function parseWorkers(value: string): number {
  const workers = Number(value);
  // NumberOfHumanWorkersPerDataObject's range in AWS's model.
  if (!Number.isInteger(workers) || workers < 1 || workers > 9) {
    throw new InvalidArgumentError("must be a whole number from 1 to 9");
  }
  return workers;
}

export function labelOptions(): Option[] {
  return [
    new Option("--labels <a,b,c>", "the label categories, comma-separated")
      .makeOptionMandatory()
      .argParser(parseLabels),
    new Option("--workers <n>", "workers who label each video (NumberOfHumanWorkersPerDataObject)")
      .default(1)
      .argParser(parseWorkers),
    new Option(
      "--template <file>",
      "the worker template (default: samples/templates/video-classification.liquid.html)",
    ),
    new Option("--team <name>", "the private work team that labels").default("example-team"),
    new Option("--out <file>", "where to write the output manifest (default: ./<job>.output.manifest)"),
    new Option("--job <name>", "the job's name (default: the folder's name and a hash of its path)"),
    new Option(
      "--simulate <json|@file>",
      "let simulated workers label, under this policy (paths in the folder may key the truth map)",
    ),
    new Option("--open", "open the worker portal in the browser"),
    new Option(
      "--data-dir <dir>",
      "state of the gt-local this command starts when none answers at --endpoint",
    )
      .env("GT_LOCAL_DATA_DIR")
      .default(DEFAULT_OPTIONS.dataDir),
    ...connectionOptions(),
  ];
}
