/**
 * Scaling policies in the Store and the CloudWatch alarms Berth keeps for target tracking
 * ones. AWS deletes a target tracking policy's alarms with the policy; a step scaling
 * policy's alarms are the user's and stay.
 */
import { Scope, scopePrefix } from '../../../platform/aws/scope.js';
import { ReadTx, StoredRecord, Tx } from '../../../state/store.js';
import { AlarmService } from '../../cloudwatch/domain/ports.js';
import { childPrefix, INDEX, KIND, PolicyDoc } from './records.js';

export function policiesOf(tx: ReadTx, targetKey: string): StoredRecord<PolicyDoc>[] {
  return tx.list<PolicyDoc>(KIND.policy, { prefix: childPrefix(targetKey) });
}

/** The policy whose ARN carries `policyId`. */
export function policyById(tx: ReadTx, scope: Scope, policyId: string): StoredRecord<PolicyDoc> | undefined {
  return tx.listByIndex<PolicyDoc>(KIND.policy, INDEX.policyId, { key: `${scopePrefix(scope)}${policyId}`, limit: 1 })[0];
}

export function deletePolicy(tx: Tx, record: StoredRecord<PolicyDoc>, alarms: AlarmService | undefined): void {
  tx.delete(KIND.policy, record.id);
  if (record.doc.Alarms.length > 0) alarms?.deleteAlarms(record.doc.scope, record.doc.Alarms.map((a) => a.AlarmName));
}
