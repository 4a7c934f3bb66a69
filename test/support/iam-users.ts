/** IAM users with inline policies and access keys, made by the root through the IAM API, for end-to-end authorization tests. */
import { CreateAccessKeyCommand, CreateUserCommand, DeleteUserPolicyCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { RunningBerth, TEST_CREDENTIALS } from './berth-process.js';

export interface Keys { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

export const policyDocument = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

export function iamRoot(berth: RunningBerth): IAMClient {
  return new IAMClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

/** A user with an access key and, when statements are given, an inline policy named `access`. */
export async function createUser(berth: RunningBerth, name: string, ...statements: object[]): Promise<Keys> {
  const iam = iamRoot(berth);
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (statements.length > 0) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'access', PolicyDocument: policyDocument(...statements) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

/** Removes the `access` policy createUser attached. */
export async function removePolicy(berth: RunningBerth, name: string): Promise<void> {
  await iamRoot(berth).send(new DeleteUserPolicyCommand({ UserName: name, PolicyName: 'access' }));
}

/** The AWS error a call is refused with, as `<name>: <message>`; fails the test when it succeeds. */
export async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (e) {
    const err = e as { name: string; message: string };
    return `${err.name}: ${err.message}`;
  }
  throw new Error('the call succeeded');
}
