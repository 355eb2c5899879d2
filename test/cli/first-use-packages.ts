/**
 * Packages gt-local loads at first use, never while `gt-local start` comes up (issue 10, target 6):
 * the AWS SDK clients (for an external S3, Lambda endpoints and the client commands), the
 * presigner, the SigV4 signer (only --verify-signatures checks signatures), liquidjs (the first
 * template rendered), express (only the portal's pages use it) and the client commands' terminal
 * packages. start-path.test.ts checks the sources, the packed-package test the built bundle.
 */
export const LOADED_AT_FIRST_USE = [
  "@aws-sdk/client-s3",
  "@aws-sdk/client-sagemaker",
  "@aws-sdk/client-lambda",
  "@aws-sdk/s3-request-presigner",
  "@smithy/signature-v4",
  "@smithy/hash-node",
  "liquidjs",
  "express",
  "cli-table3",
  "cli-progress",
] as const;

/** What a start needs, which the listing must therefore show (proof that it sees packages). */
export const LOADED_AT_START = ["better-sqlite3", "commander", "pino"] as const;
