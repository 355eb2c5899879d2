import type {
  MemberDefinition,
  Workforce,
  WorkforceSettings,
  Workteam,
  WorkteamSettings,
  WorkerAccessConfiguration,
} from "../../../emulator/workteams/workteam.js";
import type {
  CreateWorkforceRequest,
  MemberDefinition as WireMemberDefinition,
  Workforce as WireWorkforce,
  WorkerAccessConfiguration as WireWorkerAccess,
  Workteam as WireWorkteam,
} from "../generated/model.js";

export const memberDefinitionsFromWire = (members: readonly WireMemberDefinition[]): MemberDefinition[] =>
  members.map((member) => ({
    cognito: member.CognitoMemberDefinition && {
      userPool: member.CognitoMemberDefinition.UserPool,
      userGroup: member.CognitoMemberDefinition.UserGroup,
      clientId: member.CognitoMemberDefinition.ClientId,
    },
    oidcGroups: member.OidcMemberDefinition && (member.OidcMemberDefinition.Groups ?? []),
  }));

const memberDefinitionsToWire = (members: readonly MemberDefinition[]): WireMemberDefinition[] =>
  members.map((member) => ({
    CognitoMemberDefinition: member.cognito && {
      UserPool: member.cognito.userPool,
      UserGroup: member.cognito.userGroup,
      ClientId: member.cognito.clientId,
    },
    OidcMemberDefinition: member.oidcGroups && { Groups: member.oidcGroups },
  }));

export const workerAccessFromWire = (
  access: WireWorkerAccess | undefined,
): WorkerAccessConfiguration | undefined =>
  access && {
    s3PresignSourceIp: access.S3Presign?.IamPolicyConstraints?.SourceIp,
    s3PresignVpcSourceIp: access.S3Presign?.IamPolicyConstraints?.VpcSourceIp,
  };

const workerAccessToWire = (access: WorkerAccessConfiguration | undefined): WireWorkerAccess | undefined =>
  access && {
    S3Presign: {
      IamPolicyConstraints: { SourceIp: access.s3PresignSourceIp, VpcSourceIp: access.s3PresignVpcSourceIp },
    },
  };

export function workteamSettingsFromWire(request: {
  Description: string;
  MemberDefinitions: WireMemberDefinition[];
  NotificationConfiguration?: { NotificationTopicArn?: string };
  WorkerAccessConfiguration?: WireWorkerAccess;
}): WorkteamSettings {
  return {
    description: request.Description,
    memberDefinitions: memberDefinitionsFromWire(request.MemberDefinitions),
    notificationTopicArn: request.NotificationConfiguration?.NotificationTopicArn,
    workerAccess: workerAccessFromWire(request.WorkerAccessConfiguration),
  };
}

/** `SubDomain` is where workers sign in; for gt-local that is this server (`/` leads to the portal). */
export const workteamToWire = (team: Workteam, publicHost: string): WireWorkteam => ({
  WorkteamName: team.name,
  MemberDefinitions: memberDefinitionsToWire(team.memberDefinitions),
  WorkteamArn: team.arn,
  WorkforceArn: team.workforceArn,
  Description: team.description,
  SubDomain: publicHost,
  CreateDate: team.createDate,
  LastUpdatedDate: team.lastUpdatedDate,
  NotificationConfiguration:
    team.notificationTopicArn === undefined ? undefined : { NotificationTopicArn: team.notificationTopicArn },
  WorkerAccessConfiguration: workerAccessToWire(team.workerAccess),
});

export function workforceSettingsFromWire(request: CreateWorkforceRequest): WorkforceSettings {
  const oidc = request.OidcConfig;
  return {
    cognito: request.CognitoConfig && {
      userPool: request.CognitoConfig.UserPool,
      clientId: request.CognitoConfig.ClientId,
    },
    oidc: oidc && {
      clientId: oidc.ClientId,
      clientSecret: oidc.ClientSecret,
      issuer: oidc.Issuer,
      authorizationEndpoint: oidc.AuthorizationEndpoint,
      tokenEndpoint: oidc.TokenEndpoint,
      userInfoEndpoint: oidc.UserInfoEndpoint,
      logoutEndpoint: oidc.LogoutEndpoint,
      jwksUri: oidc.JwksUri,
      scope: oidc.Scope,
      authenticationRequestExtraParams: oidc.AuthenticationRequestExtraParams,
    },
    sourceIpCidrs: request.SourceIpConfig?.Cidrs ?? [],
    vpc: request.WorkforceVpcConfig && {
      vpcId: request.WorkforceVpcConfig.VpcId,
      securityGroupIds: request.WorkforceVpcConfig.SecurityGroupIds,
      subnets: request.WorkforceVpcConfig.Subnets,
    },
    ipAddressType: request.IpAddressType ?? "ipv4",
  };
}

/** The OIDC client secret is write-only on AWS (`OidcConfigForResponse` has no such member). */
export function workforceToWire(workforce: Workforce, publicHost: string): WireWorkforce {
  const { oidc, vpc } = workforce;
  return {
    WorkforceName: workforce.name,
    WorkforceArn: workforce.arn,
    LastUpdatedDate: workforce.lastUpdatedDate,
    SourceIpConfig: { Cidrs: workforce.sourceIpCidrs },
    SubDomain: publicHost,
    CognitoConfig: workforce.cognito && {
      UserPool: workforce.cognito.userPool,
      ClientId: workforce.cognito.clientId,
    },
    OidcConfig: oidc && {
      ClientId: oidc.clientId,
      Issuer: oidc.issuer,
      AuthorizationEndpoint: oidc.authorizationEndpoint,
      TokenEndpoint: oidc.tokenEndpoint,
      UserInfoEndpoint: oidc.userInfoEndpoint,
      LogoutEndpoint: oidc.logoutEndpoint,
      JwksUri: oidc.jwksUri,
      Scope: oidc.scope,
      AuthenticationRequestExtraParams: oidc.authenticationRequestExtraParams,
    },
    CreateDate: workforce.createDate,
    WorkforceVpcConfig: vpc?.vpcId
      ? { VpcId: vpc.vpcId, SecurityGroupIds: vpc.securityGroupIds ?? [], Subnets: vpc.subnets ?? [] }
      : undefined,
    Status: "Active",
    IpAddressType: workforce.ipAddressType,
  };
}
