/**
 * The KMS service: model, JSON 1.1 protocol (target prefix TrentService, signing name
 * `kms`), handlers typed by their operations' contracts, and the call scope for IAM.
 * Handlers and the domain refuse with KeyVaultError (the port's error); it is answered as
 * the AWS error it names. Missing operations answer 501.
 */
import { ServiceError } from '../../../protocol/errors.js';
import { Operations } from '../../../protocol/generated/kms.js';
import { JsonProtocol } from '../../../protocol/json-protocol.js';
import { loadModel } from '../../../protocol/model.js';
import { RequestContext, ServiceDefinition, TypedHandlers } from '../../../protocol/service.js';
import { KeyVaultError } from '../domain/ports.js';
import { aliasOps } from './aliases.js';
import { KmsDeps } from './context.js';
import { cryptoOps } from './crypto.js';
import { keyOps } from './keys.js';
import { kmsCallScope } from './kms-scope.js';
import { policyOps } from './policies.js';
import { rotationOps } from './rotation.js';
import { tagOps } from './tags.js';

/** KMS's internal error is a 500; every other refusal is the caller's (400). */
export function wireError(e: KeyVaultError): ServiceError {
  return new ServiceError(e.code, e.message, e.code === 'KMSInternalException' ? 500 : 400);
}

type Untyped = (input: unknown, ctx: RequestContext) => unknown;

/** The same handlers, answering a KeyVaultError as the AWS error it names. */
function translated(handlers: TypedHandlers<Operations>): TypedHandlers<Operations> {
  const entries = Object.entries(handlers) as [string, Untyped][];
  return Object.fromEntries(entries.map(([operation, handler]) => [operation, (input: unknown, ctx: RequestContext) => {
    try {
      return handler(input, ctx);
    } catch (e) {
      throw e instanceof KeyVaultError ? wireError(e) : e;
    }
  }])) as TypedHandlers<Operations>;
}

export function kmsHandlers(deps: KmsDeps): TypedHandlers<Operations> {
  return translated({
    ...keyOps(deps),
    ...policyOps(deps),
    ...rotationOps(deps),
    ...aliasOps(deps),
    ...tagOps(deps),
    ...cryptoOps(deps),
  });
}

export function kmsService(deps: KmsDeps): ServiceDefinition {
  return {
    name: 'kms', model: loadModel('kms'), protocols: [new JsonProtocol('ValidationException')], handlers: kmsHandlers(deps),
    authorization: kmsCallScope(deps.store),
  };
}
