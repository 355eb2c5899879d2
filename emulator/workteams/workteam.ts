/** Work teams and workforces as the domain core sees them. */
export interface CognitoMember {
  userPool: string;
  userGroup: string;
  clientId: string;
}

export interface MemberDefinition {
  cognito?: CognitoMember;
  oidcGroups?: string[];
}

export type EnabledOrDisabled = "Enabled" | "Disabled";

export interface WorkerAccessConfiguration {
  s3PresignSourceIp?: EnabledOrDisabled;
  s3PresignVpcSourceIp?: EnabledOrDisabled;
}

export interface WorkteamSettings {
  description: string;
  memberDefinitions: MemberDefinition[];
  notificationTopicArn?: string;
  workerAccess?: WorkerAccessConfiguration;
}

export interface Workteam extends WorkteamSettings {
  region: string;
  name: string;
  arn: string;
  workforceName: string;
  workforceArn: string;
  createDate: Date;
  lastUpdatedDate: Date;
}

export interface OidcSettings {
  clientId: string;
  clientSecret: string;
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  userInfoEndpoint: string;
  logoutEndpoint: string;
  jwksUri: string;
  scope?: string;
  authenticationRequestExtraParams?: Record<string, string>;
}

export interface WorkforceSettings {
  cognito?: { userPool: string; clientId: string };
  oidc?: OidcSettings;
  sourceIpCidrs: string[];
  vpc?: { vpcId?: string; securityGroupIds?: string[]; subnets?: string[] };
  ipAddressType: "ipv4" | "dualstack";
}

export interface Workforce extends WorkforceSettings {
  region: string;
  name: string;
  arn: string;
  createDate: Date;
  lastUpdatedDate: Date;
}
