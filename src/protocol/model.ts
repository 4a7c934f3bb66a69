/**
 * Types for the compact AWS service models in ./models (generated from botocore by
 * scripts/gen-models.mjs; never edited by hand) and a loader.
 */
import ecsModel from './models/ecs.json';
import ecrModel from './models/ecr.json';
import ecrPublicModel from './models/ecr-public.json';
import elbv2Model from './models/elbv2.json';
import stsModel from './models/sts.json';
import iamModel from './models/iam.json';
import kmsModel from './models/kms.json';
import ssmModel from './models/ssm.json';
import secretsManagerModel from './models/secretsmanager.json';
import acmModel from './models/acm.json';
import cloudwatchModel from './models/cloudwatch.json';
import logsModel from './models/logs.json';
import applicationAutoScalingModel from './models/application-autoscaling.json';

export interface MemberRef {
  shape: string;
  location?: string;
  locationName?: string;
  queryName?: string;
  jsonvalue?: boolean;
  idempotencyToken?: boolean;
  timestampFormat?: string;
}

export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'float' | 'double' | 'boolean' | 'timestamp' | 'blob';
  required?: string[];
  members?: Record<string, MemberRef>;
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  exception?: boolean;
  fault?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  sensitive?: boolean;
  timestampFormat?: string;
  document?: boolean;
  union?: boolean;
}

export interface OperationModel {
  http?: { method: string; requestUri: string; responseCode?: number };
  input?: string;
  output?: string;
  errors: string[];
}

export interface ServiceModel {
  source: string;
  metadata: {
    apiVersion: string;
    endpointPrefix: string;
    jsonVersion?: string;
    protocol: string;
    protocols?: string[];
    serviceId: string;
    signingName?: string;
    targetPrefix?: string;
    xmlNamespace?: string;
  };
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}

const MODELS: Record<string, ServiceModel> = {
  ecs: ecsModel as unknown as ServiceModel,
  ecr: ecrModel as unknown as ServiceModel,
  'ecr-public': ecrPublicModel as unknown as ServiceModel,
  elbv2: elbv2Model as unknown as ServiceModel,
  sts: stsModel as unknown as ServiceModel,
  iam: iamModel as unknown as ServiceModel,
  kms: kmsModel as unknown as ServiceModel,
  ssm: ssmModel as unknown as ServiceModel,
  secretsmanager: secretsManagerModel as unknown as ServiceModel,
  acm: acmModel as unknown as ServiceModel,
  cloudwatch: cloudwatchModel as unknown as ServiceModel,
  logs: logsModel as unknown as ServiceModel,
  'application-autoscaling': applicationAutoScalingModel as unknown as ServiceModel,
};

export function loadModel(name: keyof typeof MODELS | string): ServiceModel {
  const model = MODELS[name];
  if (!model) throw new Error(`no model named ${name}`);
  return model;
}

export function shapeOf(model: ServiceModel, name: string): Shape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`model ${model.metadata.serviceId} has no shape ${name}`);
  return shape;
}
