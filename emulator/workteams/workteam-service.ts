import type { Clock } from "../clock.js";
import { GtError, inUse, validationError } from "../errors.js";
import { listNamed, type NamedListQuery } from "../list-in-memory.js";
import type { Page } from "../pagination.js";
import { privateWorkteamArn, type Scope } from "../scope.js";
import type { TagRepository } from "../tags/tag-repository.js";
import type { Tag } from "../tags/tag.js";
import { MAX_WORKTEAMS_PER_REGION } from "./defaults.js";
import type { WorkforceService } from "./workforce-service.js";
import type { StoredWorkteam, WorkteamRepository } from "./workteam-repository.js";
import type { MemberDefinition, Workforce, Workteam, WorkteamSettings } from "./workteam.js";

/** AWS's rules for MemberDefinitions: one kind per entry, never mixed, one user pool per team. */
function checkMemberDefinitions(members: readonly MemberDefinition[]): void {
  for (const member of members) {
    if ((member.cognito === undefined) === (member.oidcGroups === undefined)) {
      throw validationError(
        "Each MemberDefinition must specify exactly one of CognitoMemberDefinition and OidcMemberDefinition.",
      );
    }
  }
  const cognito = members.flatMap((member) => (member.cognito ? [member.cognito] : []));
  if (cognito.length > 0 && cognito.length !== members.length) {
    throw validationError("MemberDefinitions cannot mix CognitoMemberDefinition and OidcMemberDefinition.");
  }
  const first = cognito[0];
  if (first && cognito.some((c) => c.userPool !== first.userPool || c.clientId !== first.clientId)) {
    throw validationError(
      "All CognitoMemberDefinitions of a work team must use the same UserPool and ClientId.",
    );
  }
}

export class WorkteamService {
  constructor(
    private readonly repository: WorkteamRepository,
    private readonly workforces: WorkforceService,
    private readonly tags: TagRepository,
    private readonly clock: Clock,
  ) {}

  create(
    scope: Scope,
    name: string,
    workforceName: string | undefined,
    settings: WorkteamSettings,
    tags: readonly Tag[],
  ): Workteam {
    checkMemberDefinitions(settings.memberDefinitions);
    const existing = this.repository.findWorkteam(scope.region, name);
    // The seeded placeholder team gives way to the user's own definition of it (README, Fidelity).
    if (existing && !existing.seeded) {
      throw inUse(`A work team with the name ${name} already exists (${existing.arn}).`);
    }
    if (!existing && this.repository.countWorkteams(scope.region) >= MAX_WORKTEAMS_PER_REGION) {
      throw new GtError(
        "ResourceLimitExceeded",
        `The account-level service limit of ${MAX_WORKTEAMS_PER_REGION} work teams has been reached.`,
      );
    }
    const workforce =
      workforceName === undefined
        ? this.workforces.ensureDefault(scope)
        : this.workforces.describe(scope, workforceName);
    const team = this.build(scope, name, workforce, settings, existing?.createDate);
    this.repository.saveWorkteam(team);
    this.tags.put(team.arn, tags);
    return team;
  }

  /** Seeds the placeholder team; it stays `seeded` until the user creates or updates it. */
  seed(scope: Scope, name: string, settings: WorkteamSettings): void {
    const workforce = this.workforces.ensureDefault(scope);
    this.repository.saveWorkteam(this.build(scope, name, workforce, settings), true);
  }

  private build(
    scope: Scope,
    name: string,
    workforce: Workforce,
    settings: WorkteamSettings,
    createDate?: Date,
  ): Workteam {
    const now = this.clock.now();
    return {
      ...settings,
      region: scope.region,
      name,
      arn: privateWorkteamArn(scope, name),
      workforceName: workforce.name,
      workforceArn: workforce.arn,
      createDate: createDate ?? now,
      lastUpdatedDate: now,
    };
  }

  describe(scope: Scope, name: string): StoredWorkteam {
    const team = this.repository.findWorkteam(scope.region, name);
    if (!team) throw validationError(`The work team ${privateWorkteamArn(scope, name)} does not exist.`);
    return team;
  }

  findByArn(arn: string): StoredWorkteam | undefined {
    return this.repository.findWorkteamByArn(arn);
  }

  /** Who belongs to the team (its member definitions), undefined when there is no such team. */
  membersOf(arn: string): WorkteamSettings["memberDefinitions"] | undefined {
    return this.repository.findWorkteamSettingsByArn(arn)?.memberDefinitions;
  }

  list(scope: Scope, query: NamedListQuery): Page<Workteam> {
    return listNamed(this.repository.listWorkteams(scope.region), query);
  }

  update(scope: Scope, name: string, changes: Partial<WorkteamSettings>): Workteam {
    const team = this.describe(scope, name);
    if (changes.memberDefinitions) checkMemberDefinitions(changes.memberDefinitions);
    const updated: Workteam = { ...team, lastUpdatedDate: this.clock.now() };
    if (changes.memberDefinitions) updated.memberDefinitions = changes.memberDefinitions;
    if (changes.description !== undefined) updated.description = changes.description;
    if (changes.notificationTopicArn !== undefined)
      updated.notificationTopicArn = changes.notificationTopicArn;
    if (changes.workerAccess !== undefined) updated.workerAccess = changes.workerAccess;
    this.repository.saveWorkteam(updated);
    return updated;
  }

  delete(scope: Scope, name: string): void {
    const team = this.describe(scope, name);
    this.repository.deleteWorkteam(scope.region, name);
    this.tags.deleteAll(team.arn);
  }
}
