import { DescribeWorkteamCommand, type SageMakerClient } from "@aws-sdk/client-sagemaker";
import { CliError } from "./cli-error.js";

/** The ARN of a private work team by name, or a one-line error saying the team does not exist. */
export async function workteamArn(sagemaker: SageMakerClient, region: string, team: string): Promise<string> {
  try {
    const { Workteam } = await sagemaker.send(new DescribeWorkteamCommand({ WorkteamName: team }));
    return Workteam?.WorkteamArn ?? "";
  } catch (error) {
    if (error instanceof Error && error.name === "ResourceNotFound") {
      throw new CliError(
        `there is no work team named ${team} in ${region}: create it with CreateWorkteam, or use example-team`,
        { cause: error },
      );
    }
    throw error;
  }
}
