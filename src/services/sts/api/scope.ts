/**
 * What STS calls touch, for IAM: AssumeRole is authorized on the role, with the role's
 * trust policy as the resource policy (so a trust policy naming the caller allows on its
 * own, and one that does not name it denies whatever the caller's policies say).
 */
import { CallPlace, CallScope } from '../../../iam/call-scope.js';
import { IamDirectory } from '../../iam/domain/ports.js';

export function stsCallScope(directory: IamDirectory) {
  return (operation: string, input: unknown, ctx: CallPlace): CallScope | undefined => {
    if (operation !== 'AssumeRole') return undefined;
    const roleArn = (input as { RoleArn: string }).RoleArn;
    const trustPolicy = directory.findRole(ctx.accountId, roleArn)?.trustPolicy;
    return { resources: [roleArn], ...(trustPolicy ? { resourcePolicy: trustPolicy } : {}) };
  };
}
