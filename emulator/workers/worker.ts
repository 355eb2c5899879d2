/**
 * A local worker: the person (or simulated worker) who claims and answers tasks. On AWS a private
 * worker is a Cognito or OIDC user whose groups decide which work teams they belong to.
 */
export interface Worker {
  id: string;
  displayName: string;
  email: string;
  /** Cognito user groups or OIDC groups, matched against work teams' MemberDefinitions. */
  groups: string[];
  createdAt: Date;
}

/** The id AWS writes into worker-response files for a private worker: `private.<region>.<id>`. */
export const awsWorkerId = (region: string, worker: Pick<Worker, "id">): string =>
  `private.${region}.${worker.id}`;
