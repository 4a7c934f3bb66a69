/** The SSM service (Parameter Store's operations): model, JSON 1.1 (AmazonSSM), handlers typed by their contracts. Other SSM operations answer 501. */
import { JsonProtocol } from '../../../protocol/json-protocol.js';
import { loadModel } from '../../../protocol/model.js';
import { Operations } from '../../../protocol/generated/ssm.js';
import { ServiceDefinition, TypedHandlers } from '../../../protocol/service.js';
import { SsmDeps } from './context.js';
import { deleteParameterOps } from './delete-parameters.js';
import { getParameterOps } from './get-parameters.js';
import { labelOps } from './labels.js';
import { listParameterOps } from './list-parameters.js';
import { putParameterOps } from './put-parameter.js';
import { ssmCallScope } from './ssm-scope.js';
import { tagOps } from './tags.js';

export function ssmHandlers(deps: SsmDeps): TypedHandlers<Operations> {
  return {
    ...putParameterOps(deps),
    ...getParameterOps(deps),
    ...listParameterOps(deps),
    ...deleteParameterOps(deps),
    ...labelOps(deps),
    ...tagOps(deps),
  };
}

export function ssmService(deps: SsmDeps): ServiceDefinition {
  return { name: 'ssm', model: loadModel('ssm'), protocols: [new JsonProtocol('ValidationException')], handlers: ssmHandlers(deps), authorization: ssmCallScope };
}
