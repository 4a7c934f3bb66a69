/**
 * awsQuery's flat parameters (`Targets.member.3.Id=i-1`) as a tree keyed by the dotted
 * path segments. Every key is split once while the tree is built, and the model walk
 * visits each node once, so parsing is linear in the body; a list's length is known
 * before any of its members is read, so oversized lists are refused first.
 */
import { ServiceModel } from './model.js';
import { checkListQuota } from './list-quotas.js';

export interface ParamNode {
  value?: string;
  children?: Map<string, ParamNode>;
}

/** Duplicate keys: the last occurrence wins (as URLSearchParams order gives them). */
export function paramTree(text: string): ParamNode {
  const root: ParamNode = {};
  for (const [key, value] of new URLSearchParams(text)) {
    let node = root;
    for (const segment of key.split('.')) {
      node.children ??= new Map();
      let next = node.children.get(segment);
      if (!next) node.children.set(segment, (next = {}));
      node = next;
    }
    node.value = value;
  }
  return root;
}

const child = (node: ParamNode | undefined, name: string) => node?.children?.get(name);

/** Children named 1, 2, … in numeric order (other names are ignored, as before). */
function indexed(node: ParamNode | undefined): ParamNode[] {
  if (!node?.children) return [];
  const found: [number, ParamNode][] = [];
  for (const [name, n] of node.children) if (/^[1-9]\d{0,8}$/.test(name)) found.push([Number(name), n]);
  return found.sort((a, b) => a[0] - b[0]).map(([, n]) => n);
}

/** Builds the JSON-like value of `shapeName` from the parameters under `node`. */
export function collect(model: ServiceModel, shapeName: string, node: ParamNode | undefined, top = false): unknown {
  const shape = model.shapes[shapeName];
  switch (shape.type) {
    case 'structure': {
      if (!top && !node?.children) return undefined;
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const v = collect(model, ref.shape, child(node, ref.locationName ?? name));
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case 'list': {
      if (node?.value === '') return [];
      const members = indexed(child(node, shape.member!.locationName ?? 'member'));
      if (!members.length) return undefined;
      checkListQuota(model, shapeName, members.length);
      // Past the model's max, the reader reports the length alone; members are not worth reading.
      if (shape.max !== undefined && members.length > shape.max) return new Array(members.length).fill(null);
      return members.map((m) => collect(model, shape.member!.shape, m) ?? null);
    }
    case 'map': {
      const entries = indexed(child(node, 'entry'));
      if (!entries.length) return undefined;
      const out: Record<string, unknown> = {};
      for (const e of entries) out[child(e, 'key')?.value ?? ''] = collect(model, shape.value!.shape, child(e, 'value'));
      return out;
    }
    default:
      return scalar(shape.type, node?.value);
  }
}

function scalar(type: string, raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  switch (type) {
    case 'integer': case 'long': case 'float': case 'double':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case 'boolean':
      return /^(true|false)$/i.test(raw) ? raw.toLowerCase() === 'true' : raw;
    default:
      return raw;
  }
}
