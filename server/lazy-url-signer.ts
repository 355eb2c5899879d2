import type { ObjectLocation, UrlSigner } from "../emulator/objects/object-store.js";
import type { ExternalS3Options } from "../emulator/objects/external/s3-client.js";

/**
 * The PresigningUrlSigner, loaded when it signs its first URL. It brings @aws-sdk/client-s3 and the
 * presigner with it, the largest share of what loading gt-local took, and a start should not wait
 * for them: nothing is signed until a task is rendered or the dashboard shows an object.
 */
export class LazyUrlSigner implements UrlSigner {
  #signer: Promise<UrlSigner> | undefined;

  constructor(private readonly options: ExternalS3Options) {}

  async presignGet(location: ObjectLocation, expiresInSeconds: number): Promise<string> {
    this.#signer ??= import("../emulator/objects/external/presigning-url-signer.js").then(
      ({ PresigningUrlSigner }) => new PresigningUrlSigner(this.options),
    );
    return (await this.#signer).presignGet(location, expiresInSeconds);
  }
}
