/**
 * RotateSecret and CancelRotateSecret record the rotation configuration and answer as
 * AWS does. Berth has no Lambda, so no rotation function is invoked: RotateSecret answers
 * the VersionId rotation would create (its ClientRequestToken) but creates no AWSPENDING
 * version, and LastRotatedDate stays unset. GetRandomPassword lives here too: it is what
 * rotation functions call.
 */
import { Operations } from '../../../protocol/generated/secretsmanager.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { smErrors } from '../domain/errors.js';
import { requireLive } from '../domain/lookups.js';
import { randomPassword } from '../domain/password.js';
import { KIND, RotationRules, SecretDoc } from '../domain/records.js';
import { checkRules } from '../domain/rotation.js';
import { PENDING } from '../domain/staging.js';
import { scope, SmDeps, stamp } from './context.js';
import { nameAndArn } from './views.js';
import { requireToken } from './writes.js';

type Ops = Pick<TypedHandlers<Operations>, 'RotateSecret' | 'CancelRotateSecret' | 'GetRandomPassword'>;

/** The rules as given, members AWS would not store left out. */
function rulesOf(rules: RotationRules): RotationRules {
  const { AutomaticallyAfterDays, Duration, ScheduleExpression } = rules;
  return {
    ...(AutomaticallyAfterDays !== undefined ? { AutomaticallyAfterDays } : {}),
    ...(ScheduleExpression !== undefined ? { ScheduleExpression } : {}),
    ...(Duration !== undefined ? { Duration } : {}),
  };
}

export function rotationOps(deps: SmDeps): Ops {
  const { store } = deps;
  return {
    RotateSecret: (input, ctx) => {
      const token = requireToken(input.ClientRequestToken);
      if (input.RotationRules) checkRules(input.RotationRules);
      return store.transact((tx) => {
        const secret = requireLive(tx, scope(ctx), input.SecretId);
        const lambdaArn = input.RotationLambdaARN ?? secret.doc.rotation?.lambdaArn;
        if (lambdaArn === undefined) throw smErrors.invalidRequest('No Lambda rotation function ARN is associated with this secret.');
        const rules = input.RotationRules ? rulesOf(input.RotationRules) : secret.doc.rotation?.rules;
        const doc: SecretDoc = { ...secret.doc, rotation: { enabled: true, lambdaArn, ...(rules ? { rules } : {}), scheduledFrom: stamp(ctx) }, LastChangedDate: stamp(ctx) };
        tx.put(KIND.secret, secret.id, doc, secret.version);
        return { ...nameAndArn(doc), VersionId: token };
      });
    },

    CancelRotateSecret: (input, ctx) => store.transact((tx) => {
      const secret = requireLive(tx, scope(ctx), input.SecretId);
      const rotation = secret.doc.rotation;
      if (rotation) tx.put(KIND.secret, secret.id, { ...secret.doc, rotation: { ...rotation, enabled: false }, LastChangedDate: stamp(ctx) }, secret.version);
      const pending = secret.doc.stages[PENDING];
      return { ...nameAndArn(secret.doc), ...(pending !== undefined ? { VersionId: pending } : {}) };
    }),

    GetRandomPassword: (input) => ({ RandomPassword: randomPassword(input, deps.randomInt) }),
  };
}
