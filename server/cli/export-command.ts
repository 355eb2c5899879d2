import type { S3Client, _Object } from "@aws-sdk/client-s3";
import type { Command } from "commander";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CliError, guarded } from "./cli-error.js";
import { withConnection, withConnectionOptions, type ConnectionOptions } from "./connection.js";
import { formatBytes } from "./format.js";

/**
 * `gt-local export <job> --out <dir>`: the whole Ground Truth output tree of a job (everything
 * under `<S3OutputPath>/<job>/`: manifests, annotations, worker responses), with its layout.
 */
export function addExportCommand(program: Command): void {
  withConnectionOptions(
    program
      .command("export")
      .description("download a job's whole output tree (<S3OutputPath>/<job>/) into a folder")
      .argument("<job>", "the labeling job's name")
      .requiredOption("--out <dir>", "the folder to write into (created if missing)"),
  ).action(async (job: string, options: ConnectionOptions & { out: string }) => {
    await guarded(options.endpoint, () =>
      withConnection(options, async ({ sagemaker, s3 }) => {
        // The SDK's commands load here rather than with the program, which `gt-local start` loads.
        const { DescribeLabelingJobCommand } = await import("@aws-sdk/client-sagemaker");
        const description = await sagemaker.send(new DescribeLabelingJobCommand({ LabelingJobName: job }));
        const outputPath = description.OutputConfig?.S3OutputPath ?? "";
        const match = /^s3:\/\/([^/]+)\/?(.*)$/u.exec(outputPath);
        if (!match) throw new CliError(`job ${job} has no S3 output path (${outputPath})`);
        const bucket = match[1] ?? "";
        const base = (match[2] ?? "").replace(/\/$/u, "");
        const prefix = `${base === "" ? "" : `${base}/`}${description.LabelingJobName ?? job}/`;
        const objects = await listAll(s3, bucket, prefix);
        if (objects.length === 0) {
          throw new CliError(`job ${job} has written no output yet under s3://${bucket}/${prefix}`);
        }
        const target = resolve(options.out);
        let bytes = 0;
        for (const object of objects) {
          const key = object.Key ?? "";
          await download(s3, bucket, key, safeJoin(target, key.slice(prefix.length)));
          bytes += object.Size ?? 0;
        }
        process.stdout.write(
          `Exported ${objects.length} files (${formatBytes(bytes)}) from s3://${bucket}/${prefix} to ${target}\n`,
        );
      }),
    );
  });
}

async function listAll(s3: S3Client, bucket: string, prefix: string): Promise<_Object[]> {
  const { ListObjectsV2Command } = await import("@aws-sdk/client-s3");
  const objects: _Object[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(token === undefined ? {} : { ContinuationToken: token }),
      }),
    );
    objects.push(...(page.Contents ?? []));
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return objects;
}

/** `relative` under `root`; a key that would climb out of it (`../`) is refused, never written. */
function safeJoin(root: string, relative: string): string {
  const path = resolve(join(root, relative));
  if (relative === "" || !path.startsWith(root + sep)) {
    throw new CliError(`refusing to write the object key ${relative} outside ${root}`);
  }
  return path;
}

async function download(s3: S3Client, bucket: string, key: string, path: string): Promise<void> {
  const { GetObjectCommand } = await import("@aws-sdk/client-s3");
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  await mkdir(dirname(path), { recursive: true });
  const body = object.Body;
  if (!(body instanceof Readable)) throw new CliError(`s3://${bucket}/${key} came back without a body`);
  await pipeline(body, createWriteStream(path));
}
