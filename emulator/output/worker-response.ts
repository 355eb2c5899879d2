import { createHash } from "node:crypto";

export interface SubmittedAnswer {
  workerId: string;
  claimedAt: Date;
  submittedAt: Date;
  answer: unknown;
}

export interface WorkerIdentity {
  region: string;
  /** The private team's identity provider: a Cognito user pool, or OIDC. */
  cognitoUserPool?: string;
  oidcIssuer?: string;
}

/** Subs already derived: a job's worker-response files name the same few workers 100,000 times. */
const subs = new Map<string, string>();
const SUBS_KEPT = 10_000;

/** A stable UUID-shaped `sub` per local worker (Cognito's user id). */
export function workerSub(workerId: string): string {
  const known = subs.get(workerId);
  if (known !== undefined) return known;
  const hex = createHash("sha256").update(`gt-local-worker:${workerId}`).digest("hex");
  const sub = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  if (subs.size >= SUBS_KEPT) subs.clear();
  subs.set(workerId, sub);
  return sub;
}

/** AWS's worker id for a private workforce member: `private.<region>.<id>`. */
export const privateWorkerId = (region: string, workerId: string): string => `private.${region}.${workerId}`;

/**
 * `annotations/worker-response/.../<ts>.json`: `{"answers": [...]}` with, per answer,
 * acceptanceTime, answerContent, submissionTime (ms, `Z`), timeSpentInSeconds, workerId and
 * workerMetadata.identityData, in that key order.
 */
export function workerResponseFile(answers: readonly SubmittedAnswer[], identity: WorkerIdentity) {
  return {
    answers: answers.map((answer) => ({
      acceptanceTime: answer.claimedAt.toISOString(),
      answerContent: answer.answer,
      submissionTime: answer.submittedAt.toISOString(),
      timeSpentInSeconds: (answer.submittedAt.getTime() - answer.claimedAt.getTime()) / 1000,
      workerId: privateWorkerId(identity.region, answer.workerId),
      workerMetadata: {
        identityData: {
          identityProviderType: identity.oidcIssuer === undefined ? "Cognito" : "Oidc",
          issuer:
            identity.oidcIssuer ??
            `https://cognito-idp.${identity.region}.amazonaws.com/${identity.cognitoUserPool ?? `${identity.region}_gtlocal`}`,
          sub: workerSub(answer.workerId),
        },
      },
    })),
  };
}
