/**
 * A problem with a job's input that fails the job (not the server). The message becomes the job's
 * FailureReason, so it names the file, the line and what to change. AWS prefixes client-side
 * causes with `ClientError:`.
 */
export class IngestFailure extends Error {
  constructor(message: string) {
    super(`ClientError: ${message}`);
    this.name = "IngestFailure";
  }
}
