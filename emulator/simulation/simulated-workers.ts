import type { LabelingJob } from "../jobs/labeling-job.js";
import type { WorkerService } from "../workers/worker-service.js";
import type { WorkteamService } from "../workteams/workteam-service.js";
import type { ResolvedWorker } from "./policy.js";

/**
 * Makes the simulated workers real local workers who belong to the job's work team, so every team
 * rule applies to them as to a person. A worker that already exists (the same name in an earlier
 * job) is reused and, if this team is new to it, joins one of the team's groups.
 */
export function provisionWorkers(
  job: LabelingJob,
  workers: readonly ResolvedWorker[],
  services: { workers: WorkerService; workteams: WorkteamService },
): void {
  // AWS's public and vendor crowds are not stored teams: every local worker may work for them.
  const team = services.workteams.findByArn(job.spec.humanTask.workteamArn);
  const teamGroups = (team?.memberDefinitions ?? []).flatMap((member) => [
    ...(member.cognito ? [member.cognito.userGroup] : []),
    ...(member.oidcGroups ?? []),
  ]);
  const joining = teamGroups.slice(0, 1);
  for (const { id } of workers) {
    const existing = services.workers.find(id);
    if (!existing) {
      services.workers.create({
        id,
        displayName: `Simulated worker ${id}`,
        ...(joining.length > 0 ? { groups: joining } : {}),
      });
    } else if (joining.length > 0 && !existing.groups.some((group) => teamGroups.includes(group))) {
      services.workers.addGroups(id, joining);
    }
  }
}
