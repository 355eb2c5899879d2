import {
  CreateWorkforceCommand,
  CreateWorkteamCommand,
  DeleteWorkforceCommand,
  DeleteWorkteamCommand,
  DescribeWorkforceCommand,
  DescribeWorkteamCommand,
  ListWorkforcesCommand,
  ListWorkteamsCommand,
  UpdateWorkteamCommand,
  paginateListWorkteams,
} from "@aws-sdk/client-sagemaker";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const cognito = (group: string) => ({
  CognitoMemberDefinition: { UserPool: "us-east-1_AbCdEf123", UserGroup: group, ClientId: "client123" },
});

describe("work teams and workforces through the JS SDK", () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it("has the default private workforce and team from the first start", async () => {
    const { Workforce } = await server.sagemaker.send(
      new DescribeWorkforceCommand({ WorkforceName: "default" }),
    );
    expect(Workforce).toMatchObject({
      WorkforceName: "default",
      WorkforceArn: "arn:aws:sagemaker:us-east-1:123456789012:workforce/default",
      Status: "Active",
      CognitoConfig: { UserPool: "us-east-1_gtlocal" },
      SubDomain: `127.0.0.1:${server.port}`,
    });
    const { Workteams } = await server.sagemaker.send(new ListWorkteamsCommand({}));
    expect(Workteams?.map((team) => team.WorkteamArn)).toEqual([
      "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/example-team",
    ]);
  });

  it("creates, describes, updates and deletes a private team", async () => {
    const created = await server.sagemaker.send(
      new CreateWorkteamCommand({
        WorkteamName: "Sample-labeling-team",
        Description: "Video reviewers",
        MemberDefinitions: [cognito("reviewers")],
        NotificationConfiguration: { NotificationTopicArn: "arn:aws:sns:us-east-1:123456789012:gt-tasks" },
        Tags: [{ Key: "owner", Value: "vision" }],
      }),
    );
    expect(created.WorkteamArn).toBe(
      "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/Sample-labeling-team",
    );

    const { Workteam } = await server.sagemaker.send(
      new DescribeWorkteamCommand({ WorkteamName: "Sample-labeling-team" }),
    );
    expect(Workteam).toMatchObject({
      WorkteamName: "Sample-labeling-team",
      Description: "Video reviewers",
      MemberDefinitions: [cognito("reviewers")],
      WorkforceArn: "arn:aws:sagemaker:us-east-1:123456789012:workforce/default",
      NotificationConfiguration: { NotificationTopicArn: "arn:aws:sns:us-east-1:123456789012:gt-tasks" },
    });
    expect(Workteam?.CreateDate).toBeInstanceOf(Date);

    const updated = await server.sagemaker.send(
      new UpdateWorkteamCommand({
        WorkteamName: "Sample-labeling-team",
        Description: "All reviewers",
        MemberDefinitions: [cognito("reviewers"), cognito("leads")],
        WorkerAccessConfiguration: { S3Presign: { IamPolicyConstraints: { SourceIp: "Enabled" } } },
      }),
    );
    expect(updated.Workteam).toMatchObject({
      Description: "All reviewers",
      MemberDefinitions: [cognito("reviewers"), cognito("leads")],
      WorkerAccessConfiguration: { S3Presign: { IamPolicyConstraints: { SourceIp: "Enabled" } } },
    });

    const deleted = await server.sagemaker.send(
      new DeleteWorkteamCommand({ WorkteamName: "Sample-labeling-team" }),
    );
    expect(deleted.Success).toBe(true);
    await expect(
      server.sagemaker.send(new DescribeWorkteamCommand({ WorkteamName: "Sample-labeling-team" })),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("does not exist") as string,
    });
  });

  it("lets the user's own CreateWorkteam take over the seeded example-team", async () => {
    const created = await server.sagemaker.send(
      new CreateWorkteamCommand({
        WorkteamName: "example-team",
        Description: "Mine now",
        MemberDefinitions: [cognito("mine")],
      }),
    );
    expect(created.WorkteamArn).toBe(
      "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/example-team",
    );
    const { Workteam } = await server.sagemaker.send(
      new DescribeWorkteamCommand({ WorkteamName: "example-team" }),
    );
    expect(Workteam?.Description).toBe("Mine now");
    // Once it is the user's, a second create is a real clash.
    await expect(
      server.sagemaker.send(
        new CreateWorkteamCommand({
          WorkteamName: "example-team",
          Description: "x",
          MemberDefinitions: [cognito("x")],
        }),
      ),
    ).rejects.toMatchObject({ name: "ResourceInUse" });
  });

  it("enforces AWS's member definition rules", async () => {
    await expect(
      server.sagemaker.send(
        new CreateWorkteamCommand({
          WorkteamName: "mixed",
          Description: "d",
          MemberDefinitions: [cognito("a"), { OidcMemberDefinition: { Groups: ["g"] } }],
        }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("cannot mix") as string,
    });
  });

  it("allows 25 teams per region, then ResourceLimitExceeded", async () => {
    for (let index = 1; index < 25; index++) {
      await server.sagemaker.send(
        new CreateWorkteamCommand({
          WorkteamName: `team-${index}`,
          Description: "d",
          MemberDefinitions: [cognito("g")],
        }),
      );
    }
    await expect(
      server.sagemaker.send(
        new CreateWorkteamCommand({
          WorkteamName: "team-26",
          Description: "d",
          MemberDefinitions: [cognito("g")],
        }),
      ),
    ).rejects.toMatchObject({ name: "ResourceLimitExceeded" });
    const names: string[] = [];
    for await (const page of paginateListWorkteams(
      { client: server.sagemaker, pageSize: 4 },
      { SortBy: "Name", SortOrder: "Descending", NameContains: "TEAM" },
    )) {
      names.push(...(page.Workteams ?? []).map((team) => team.WorkteamName ?? ""));
    }
    expect(names).toHaveLength(25); // 24 created + the seeded example-team
    expect(names).toEqual([...names].sort().reverse());
  });

  it("keeps one private workforce per region and deletes it only without teams", async () => {
    await expect(
      server.sagemaker.send(
        new CreateWorkforceCommand({
          WorkforceName: "second",
          CognitoConfig: { UserPool: "us-east-1_AbCdEf123", ClientId: "client123" },
        }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("only one") as string,
    });
    await expect(
      server.sagemaker.send(new DeleteWorkforceCommand({ WorkforceName: "default" })),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("work teams") as string,
    });

    await server.sagemaker.send(new DeleteWorkteamCommand({ WorkteamName: "example-team" }));
    await server.sagemaker.send(new DeleteWorkforceCommand({ WorkforceName: "default" }));
    expect((await server.sagemaker.send(new ListWorkforcesCommand({}))).Workforces).toEqual([]);

    const oidc = {
      ClientId: "id",
      ClientSecret: "secret",
      Issuer: "https://idp.example.com",
      AuthorizationEndpoint: "https://idp.example.com/authorize",
      TokenEndpoint: "https://idp.example.com/token",
      UserInfoEndpoint: "https://idp.example.com/userinfo",
      LogoutEndpoint: "https://idp.example.com/logout",
      JwksUri: "https://idp.example.com/jwks",
    };
    const created = await server.sagemaker.send(
      new CreateWorkforceCommand({
        WorkforceName: "oidc-force",
        OidcConfig: oidc,
        SourceIpConfig: { Cidrs: ["10.0.0.0/8"] },
      }),
    );
    expect(created.WorkforceArn).toBe("arn:aws:sagemaker:us-east-1:123456789012:workforce/oidc-force");
    const { Workforce } = await server.sagemaker.send(
      new DescribeWorkforceCommand({ WorkforceName: "oidc-force" }),
    );
    const { ClientSecret: _secret, ...publicOidc } = oidc;
    expect(Workforce?.OidcConfig).toEqual(publicOidc);
    expect(Workforce?.SourceIpConfig).toEqual({ Cidrs: ["10.0.0.0/8"] });
    // A deleted default stays deleted across requests (seeding happens once per region).
    expect((await server.sagemaker.send(new ListWorkteamsCommand({}))).Workteams).toEqual([]);
  });
});
