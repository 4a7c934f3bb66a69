/**
 * Test support shared by the services' API harnesses: call a typed handler map as the
 * gateway does, with each answer typed by its operation's contract.
 */
import { OperationContract, RequestContext, ServiceDefinition, callHandler } from './service.js';

/** The contracts' timestamps (`Date | string | number`) and blobs (`Buffer | string`) as handlers answer them. */
type Narrow<T> = [T] extends [Buffer | string] ? ([Buffer] extends [T] ? Buffer : T) : [T] extends [Date | string | number] ? ([Date] extends [T] ? Date : T) : T;

/**
 * An answer as a test reads it: every member present. The contracts mark all output members
 * optional; a test that reads one the handler left out fails where it reads it.
 */
export type Answer<T> = Narrow<T> extends Date | Buffer ? Narrow<T> : T extends (infer U)[] ? Answer<U>[] : T extends object ? { [K in keyof T]-?: Answer<Exclude<T[K], undefined>> } : T;

export type ErrorFormat = (err: { code?: string; message: string; status?: number }) => string;
/** `code(status): message`, the default form of `failure`. */
export const WITH_STATUS: ErrorFormat = (err) => `${err.code}(${err.status}): ${err.message}`;

/**
 * `call(operation, input, ctxOverrides)` and `failure(...)` (the error as `format` writes it).
 * Inputs are plain objects, not the contract's input types, so tests can send what the wire
 * would refuse; handler errors become rejections, as the gateway turns them into error responses.
 */
export function handlerCaller<Ops extends { [K in keyof Ops]: OperationContract }>(
  service: string, handlers: ServiceDefinition['handlers'], ctx: (over: Partial<RequestContext>) => RequestContext, format: ErrorFormat = WITH_STATUS,
) {
  const call = async <K extends keyof Ops & string>(operation: K, input: object, over: Partial<RequestContext> = {}): Promise<Answer<Ops[K]['output']>> => {
    const handler = handlers[operation];
    if (!handler) throw new Error(`${service} has no handler for ${operation}`);
    // The handler map is typed by these contracts (each provider); ServiceDefinition forgets it.
    return (await callHandler(handler, input, ctx(over))) as Answer<Ops[K]['output']>;
  };
  const failure = async (operation: keyof Ops & string, input: object, over: Partial<RequestContext> = {}): Promise<string> => {
    try {
      await call(operation, input, over);
    } catch (e) {
      return format(e as { code?: string; message: string; status?: number });
    }
    throw new Error(`${operation} succeeded`);
  };
  return { call, failure };
}
