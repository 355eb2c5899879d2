import type { Clock } from "../clock.js";
import { validationError } from "../errors.js";
import { listNamed, type NamedListQuery } from "../list-in-memory.js";
import type { Page } from "../pagination.js";
import { workforceArn, type Scope } from "../scope.js";
import type { TagRepository } from "../tags/tag-repository.js";
import type { Tag } from "../tags/tag.js";
import { DEFAULT_WORKFORCE_NAME, defaultWorkforceSettings } from "./defaults.js";
import type { WorkteamRepository } from "./workteam-repository.js";
import type { Workforce, WorkforceSettings } from "./workteam.js";

/** Private workforces: AWS allows one per account and region. */
export class WorkforceService {
  constructor(
    private readonly repository: WorkteamRepository,
    private readonly tags: TagRepository,
    private readonly clock: Clock,
  ) {}

  create(scope: Scope, name: string, settings: WorkforceSettings, tags: readonly Tag[]): Workforce {
    const existing = this.repository.listWorkforces(scope.region)[0];
    if (existing) {
      throw validationError(
        `A private workforce already exists in this account and region (${existing.name}); only one is allowed.`,
      );
    }
    if (settings.cognito && settings.oidc) {
      throw validationError("Specify either CognitoConfig or OidcConfig, not both.");
    }
    const now = this.clock.now();
    const workforce: Workforce = {
      ...settings,
      region: scope.region,
      name,
      arn: workforceArn(scope, name),
      createDate: now,
      lastUpdatedDate: now,
    };
    this.repository.saveWorkforce(workforce);
    this.tags.put(workforce.arn, tags);
    return workforce;
  }

  /** The workforce a team joins when CreateWorkteam names none, created on demand as AWS does. */
  ensureDefault(scope: Scope): Workforce {
    const existing = this.repository.listWorkforces(scope.region)[0];
    if (existing) return existing;
    return this.create(scope, DEFAULT_WORKFORCE_NAME, defaultWorkforceSettings(scope), []);
  }

  find(scope: Scope, name: string): Workforce | undefined {
    return this.repository.findWorkforce(scope.region, name);
  }

  describe(scope: Scope, name: string): Workforce {
    const workforce = this.find(scope, name);
    if (!workforce) throw validationError(`Workforce ${name} does not exist.`);
    return workforce;
  }

  list(scope: Scope, query: NamedListQuery): Page<Workforce> {
    return listNamed(this.repository.listWorkforces(scope.region), query);
  }

  delete(scope: Scope, name: string): void {
    const workforce = this.describe(scope, name);
    if (this.repository.countWorkteams(scope.region, name) > 0) {
      throw validationError(
        `Workforce ${name} still has work teams. Delete all work teams of the workforce before deleting it.`,
      );
    }
    this.repository.deleteWorkforce(scope.region, name);
    this.tags.deleteAll(workforce.arn);
  }
}
