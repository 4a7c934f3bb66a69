/**
 * Log groups in the store, for the API and for the awslogs shipper (which creates groups
 * for `awslogs-create-group` as Docker's driver calls CreateLogGroup).
 */
import { hexId } from '../../../platform/ids.js';
import { Scope } from '../../../platform/aws/scope.js';
import { ReadTx, Tx } from '../../../state/store.js';
import { invalidParameter, logsErrors } from './errors.js';
import { groupNameProblem } from './names.js';
import { groupId, KIND, LogGroupClass, LogGroupDoc } from './records.js';

export function findGroup(tx: ReadTx, scope: Scope, name: string): LogGroupDoc | undefined {
  return tx.get<LogGroupDoc>(KIND.group, groupId(scope, name))?.doc;
}

/** The group, or ResourceNotFoundException as AWS words it. */
export function requireGroup(tx: ReadTx, scope: Scope, name: string): LogGroupDoc {
  const group = findGroup(tx, scope, name);
  if (!group) throw logsErrors.groupNotFound();
  return group;
}

export function saveGroup(tx: Tx, scope: Scope, group: LogGroupDoc): void {
  tx.put<LogGroupDoc>(KIND.group, groupId(scope, group.logGroupName), group);
}

export interface NewGroup {
  logGroupName: string;
  kmsKeyId?: string;
  logGroupClass?: LogGroupClass;
  tags?: Record<string, string>;
}

/** Creates a group (ResourceAlreadyExistsException when it exists); `now` is epoch ms. */
export function createGroup(tx: Tx, scope: Scope, input: NewGroup, now: number): LogGroupDoc {
  const problem = groupNameProblem(input.logGroupName);
  if (problem) throw invalidParameter(problem);
  if (findGroup(tx, scope, input.logGroupName)) throw logsErrors.groupExists();
  const group: LogGroupDoc = {
    logGroupName: input.logGroupName,
    creationTime: now,
    ...(input.kmsKeyId !== undefined ? { kmsKeyId: input.kmsKeyId } : {}),
    logGroupClass: input.logGroupClass ?? 'STANDARD',
    tags: input.tags ?? {},
    events: hexId(12),
  };
  saveGroup(tx, scope, group);
  return group;
}

/** Every group of every scope (the retention sweep's walk). */
export function allGroups(tx: ReadTx): { scope: Scope; group: LogGroupDoc }[] {
  return tx.list<LogGroupDoc>(KIND.group).map((r) => {
    const [region, accountId] = r.id.split('/');
    return { scope: { region, accountId }, group: r.doc };
  });
}
