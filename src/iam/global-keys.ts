/**
 * The global condition keys of a request decided outside the edge's authorize step (which
 * builds its own from the HTTP exchange): time, region and, when the caller reached Berth
 * directly, its address and transport.
 */
import { ContextValue } from './policy/request.js';

export interface RequestFacts {
  now: Date;
  region: string;
  /** The client's address; absent when a service acts for the caller (as aws:SourceIp is for AWS's forward access sessions). */
  sourceIp?: string;
  secureTransport?: boolean;
}

export function globalConditionKeys(facts: RequestFacts): Record<string, ContextValue> {
  return {
    'aws:CurrentTime': facts.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(facts.now.getTime() / 1000)),
    'aws:RequestedRegion': facts.region,
    ...(facts.secureTransport !== undefined ? { 'aws:SecureTransport': String(facts.secureTransport) } : {}),
    ...(facts.sourceIp ? { 'aws:SourceIp': facts.sourceIp.replace(/^::ffff:/, '') } : {}),
  };
}
