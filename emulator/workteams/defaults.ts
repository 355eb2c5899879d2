import type { Scope } from "../scope.js";
import type { MemberDefinition, WorkforceSettings } from "./workteam.js";

/**
 * What exists from the first start in every region, so AWS's documented requests work with no
 * set-up: the private workforce AWS calls `default`, and the private team the documentation's
 * examples name (`example-team`), which the default local worker belongs to.
 */
export const DEFAULT_WORKFORCE_NAME = "default";
export const DEFAULT_WORKTEAM_NAME = "example-team";
export const DEFAULT_WORKER_GROUP = "gt-local-workers";
export const DEFAULT_COGNITO_CLIENT_ID = "gtlocal0000000000000000000";

export const defaultUserPool = (scope: Scope): string => `${scope.region}_gtlocal`;

export const defaultWorkforceSettings = (scope: Scope): WorkforceSettings => ({
  cognito: { userPool: defaultUserPool(scope), clientId: DEFAULT_COGNITO_CLIENT_ID },
  sourceIpCidrs: [],
  ipAddressType: "ipv4",
});

export const defaultMemberDefinitions = (scope: Scope): MemberDefinition[] => [
  {
    cognito: {
      userPool: defaultUserPool(scope),
      userGroup: DEFAULT_WORKER_GROUP,
      clientId: DEFAULT_COGNITO_CLIENT_ID,
    },
  },
];

/** AWS allows 25 work teams per account and region. */
export const MAX_WORKTEAMS_PER_REGION = 25;
