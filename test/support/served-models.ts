/**
 * The AWS services a suite walks, read from the compiled models folder rather than a fixed
 * list, so a service added later (its model in src/protocol/models) is walked without
 * editing the suites. Only the protocol families these helpers can speak are returned.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ServiceModel } from '../../src/protocol/model.js';

export type Family = 'json' | 'query';

export interface ServedModel {
  /** The model file's name without .json: ecs, ecr-public, elbv2… */
  id: string;
  model: ServiceModel;
  /** SigV4 signing name. */
  signingName: string;
  family: Family;
  operations: string[];
}

const MODELS_DIR = resolve(__dirname, '../../src/protocol/models');

function modelFiles(): { id: string; model: ServiceModel }[] {
  return readdirSync(MODELS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ id: f.slice(0, -'.json'.length), model: JSON.parse(readFileSync(join(MODELS_DIR, f), 'utf8')) as ServiceModel }));
}

/** The first protocol of the model's list these helpers speak (CloudWatch lists rpc-v2-cbor, json, query). */
export function familyOf(model: ServiceModel): Family | undefined {
  const listed = model.metadata.protocols ?? [model.metadata.protocol];
  return listed.find((p): p is Family => p === 'json' || p === 'query');
}

/** Every model whose protocol these helpers speak; the others are named in `unspoken`. */
export function walkableModels(): { walkable: ServedModel[]; unspoken: string[] } {
  const walkable: ServedModel[] = [];
  const unspoken: string[] = [];
  for (const { id, model } of modelFiles()) {
    const family = familyOf(model);
    if (!family) {
      unspoken.push(`${id} (${model.metadata.protocol})`);
      continue;
    }
    const signingName = model.metadata.signingName ?? model.metadata.endpointPrefix;
    walkable.push({ id, model, signingName, family, operations: Object.keys(model.operations).sort() });
  }
  return { walkable, unspoken };
}
