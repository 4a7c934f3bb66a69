/** Who signed a request, as the authorize step and handlers see it. */
export interface Principal {
  accessKeyId: string;
  accountId: string;
  /** `arn:aws:iam::<account>:root` for the account's root credentials. */
  arn: string;
  /** Root credentials act as the account root: no policy applies to them. */
  root: boolean;
}

export function rootPrincipal(accessKeyId: string, accountId: string): Principal {
  return { accessKeyId, accountId, arn: `arn:aws:iam::${accountId}:root`, root: true };
}
