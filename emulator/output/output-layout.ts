import { parseS3Uri, type S3Location } from "../s3-uri.js";

/**
 * Ground Truth's output layout under `<S3OutputPath>/<LabelingJobName>/` (job name case kept):
 * manifests/output, manifests/intermediate/<N>, annotations/worker-response/iteration-<N>/<id>,
 * annotations/consolidated-annotation/consolidation-{request,response}/iteration-<N>,
 * annotations/intermediate/<N>.
 */
export class OutputLayout {
  private readonly root: S3Location;

  constructor(s3OutputPath: string, jobName: string) {
    const location = parseS3Uri(s3OutputPath);
    if (!location) throw new Error(`S3OutputPath ${s3OutputPath} is not an S3 URI`);
    const prefix = location.key === "" || location.key.endsWith("/") ? location.key : `${location.key}/`;
    this.root = { bucket: location.bucket, key: `${prefix}${jobName}/` };
  }

  private at(path: string): S3Location {
    return { bucket: this.root.bucket, key: `${this.root.key}${path}` };
  }

  uri(location: S3Location): string {
    return `s3://${location.bucket}/${location.key}`;
  }

  outputManifest(): S3Location {
    return this.at("manifests/output/output.manifest");
  }

  intermediateManifest(iteration: number): S3Location {
    return this.at(`manifests/intermediate/${iteration}/output.manifest`);
  }

  workerResponse(iteration: number, datasetObjectId: string, stamp: string): S3Location {
    return this.at(`annotations/worker-response/iteration-${iteration}/${datasetObjectId}/${stamp}.json`);
  }

  consolidationRequest(iteration: number, stamp: string): S3Location {
    return this.at(
      `annotations/consolidated-annotation/consolidation-request/iteration-${iteration}/${stamp}.json`,
    );
  }

  consolidationResponse(iteration: number, stamp: string): S3Location {
    return this.at(
      `annotations/consolidated-annotation/consolidation-response/iteration-${iteration}/${stamp}.json`,
    );
  }

  intermediateAnnotations(iteration: number): S3Location {
    return this.at(`annotations/intermediate/${iteration}/annotations.json`);
  }

  /** What a custom consolidation Lambda receives as `outputConfig` (observed in real events). */
  annotationsUri(): string {
    return this.uri(this.at("annotations"));
  }
}

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

/** `YYYY-MM-DD_HH:MM:SS` (UTC): the file names Ground Truth gives its annotation files. */
export function fileStamp(at: Date): string {
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}_${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
}

/** ISO-8601 without a zone, with microseconds (`2018-10-18T22:18:13.527256`): `creation-date`. */
export function creationDate(at: Date): string {
  return `${at.toISOString().slice(0, 23)}000`;
}
