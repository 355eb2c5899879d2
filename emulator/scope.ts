/**
 * The account and region a request acts in. The region comes from the request's SigV4 credential
 * scope; the account from configuration (AWS derives it from the credentials, which we do not check).
 */
export interface Scope {
  readonly accountId: string;
  readonly region: string;
}

/** AWS partitions by region prefix, as the SDKs' partition tables define them. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  if (region.startsWith("us-iso-")) return "aws-iso";
  return "aws";
}

export function sagemakerArn(scope: Scope, resource: string): string {
  return `arn:${partitionOf(scope.region)}:sagemaker:${scope.region}:${scope.accountId}:${resource}`;
}

/** Real labeling-job ARNs carry the name lower-cased, while S3 paths keep its case. */
export const labelingJobArn = (scope: Scope, name: string): string =>
  sagemakerArn(scope, `labeling-job/${name.toLowerCase()}`);

/** Work-team ARNs keep the name's case (`workteam/private-crowd/Sample-labeling-team`). */
export const privateWorkteamArn = (scope: Scope, name: string): string =>
  sagemakerArn(scope, `workteam/private-crowd/${name}`);

export const workforceArn = (scope: Scope, name: string): string => sagemakerArn(scope, `workforce/${name}`);

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const match = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/u.exec(arn);
  if (!match) return undefined;
  const [, partition = "", service = "", region = "", accountId = "", resource = ""] = match;
  return { partition, service, region, accountId, resource };
}
