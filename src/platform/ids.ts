import { randomBytes, randomUUID } from 'node:crypto';

/** 32 lowercase hex characters: the id part of modern ECS task and container-instance ARNs. */
export function hexId(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}

export function uuid(): string {
  return randomUUID();
}
