/**
 * Who signed a request, as the authorize step and handlers see it. Its `type`, `userId`,
 * `username`, `tags` and `roleArn` are what policy evaluation reads (it is a
 * `RequestPrincipal` of ./policy/request.ts).
 */
export interface Principal {
  accessKeyId: string;
  accountId: string;
  /**
   * `arn:aws:iam::<account>:root` for the account's root credentials, the user's ARN for an
   * IAM user, `arn:aws:sts::<account>:assumed-role/<role>/<session>` for a role session.
   */
  arn: string;
  /** Root credentials act as the account root: no policy applies to them. */
  root: boolean;
  /** `service`: an AWS service acting for the account, e.g. ECS assuming a task's role. */
  type: 'root' | 'user' | 'assumed-role' | 'service';
  /** aws:userid: the account id for root, `AIDA…` for a user, `AROA…:<session>` for a role session. */
  userId: string;
  /** IAM users only. */
  username?: string;
  /** The user's or role's tags (session tags applied), as aws:PrincipalTag/* reads them. */
  tags?: Readonly<Record<string, string>>;
  /** Role sessions: the role's ARN with its path. */
  roleArn?: string;
  /** Role sessions: the session name. */
  sessionName?: string;
  /** Service principals: the service's name (`ecs-tasks.amazonaws.com`). */
  service?: string;
}

export function rootPrincipal(accessKeyId: string, accountId: string): Principal {
  return { accessKeyId, accountId, arn: `arn:aws:iam::${accountId}:root`, root: true, type: 'root', userId: accountId };
}
