/**
 * Streaming outputs: a handler that answers with an AWS event stream (Logs' StartLiveTail)
 * returns an `EventStreamOutput` instead of its output document. The pipeline then sends
 * HTTP 200 with `content-type: application/vnd.amazon.eventstream` and no length, and hands
 * the handler an `EventSink` that frames each union member it sends (./event-stream.ts) as
 * the SDKs read it: first the `initial-response` event (the output's other members as JSON,
 * `{}` when none: botocore refuses a JSON-protocol stream without it, the JS SDK reads it when
 * present), then per member sent an `event` message named by `:event-type` with the member's
 * JSON or, for a member the model marks as an exception, an `exception` message that ends the
 * stream. The stream ends when the handler ends it or the client goes away; `onClose` runs
 * either way.
 */
import { ServerResponse } from 'node:http';
import { Logger } from '../platform/log.js';
import { errorMessage, eventMessage, exceptionMessage } from './event-stream.js';
import { ServiceModel, shapeOf } from './model.js';
import { writeShape } from './shape-writer.js';

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

/** What a streaming handler writes to; `U` is the stream's union as the contracts type it. */
export interface EventSink<U> {
  /** Sends one member of the union; false (and nothing sent) once the stream has ended. */
  send<K extends keyof U & string>(member: K, value: NonNullable<U[K]>): boolean;
  /** The client has not taken what was sent yet (the socket's buffer is over its mark): hold back. */
  readonly backlogged: boolean;
  end(): void;
  /** Runs once when the stream ends, whoever ends it (at once when it has ended already). */
  onClose(listener: () => void): void;
}

export class EventStreamOutput<U = unknown> {
  constructor(
    /** The output member that holds the stream (StartLiveTail: `responseStream`). */
    readonly member: string,
    /** Called once the response head is sent. */
    readonly attach: (sink: EventSink<U>) => void,
    /** The output's other members, sent first as the `initial-response` event. */
    readonly initial: Record<string, unknown> = {},
  ) {}
}

/** Frames members of one union shape onto a response. */
class ResponseSink<U> implements EventSink<U> {
  private ended = false;
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly res: ServerResponse, private readonly model: ServiceModel, private readonly union: string) {
    // The client may have gone while the handler ran: then 'close' has fired already.
    if (res.closed) this.ended = true;
    else res.once('close', () => this.finish());
  }

  get backlogged(): boolean {
    return this.res.writableNeedDrain;
  }

  send<K extends keyof U & string>(member: K, value: NonNullable<U[K]>): boolean {
    if (this.ended) return false;
    const ref = shapeOf(this.model, this.union).members?.[member];
    if (!ref) throw new Error(`${this.union} has no member ${member}`);
    const payload = Buffer.from(JSON.stringify(writeShape(this.model, ref.shape, value) ?? {}), 'utf8');
    const exception = shapeOf(this.model, ref.shape).exception === true;
    this.res.write(exception ? exceptionMessage(member, payload) : eventMessage(member, payload));
    if (exception) this.end();
    return true;
  }

  end(): void {
    if (!this.ended) this.res.end();
    this.finish();
  }

  onClose(listener: () => void): void {
    if (this.ended) listener();
    else this.listeners.push(listener);
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    for (const listener of this.listeners.splice(0)) listener();
  }
}

export interface StreamTarget {
  model: ServiceModel;
  operation: string;
  requestId: string;
  log: Logger;
}

const INTERNAL_FAILURE = 'The request processing has failed because of an unknown error, exception or failure.';

/** Writes a streaming output onto a response whose head (200, the event stream type) is sent. */
export function runEventStream(res: ServerResponse, output: EventStreamOutput, target: StreamTarget): void {
  const { model, operation } = target;
  try {
    const outputShape = model.operations[operation].output!;
    const union = shapeOf(model, outputShape).members?.[output.member]?.shape;
    if (!union) throw new Error(`${outputShape} has no member ${output.member}`);
    const initial = writeShape(model, outputShape, output.initial) ?? {};
    res.write(eventMessage('initial-response', Buffer.from(JSON.stringify(initial), 'utf8')));
    output.attach(new ResponseSink(res, model, union));
  } catch (err) {
    // Headers are sent: the failure can only travel in the stream.
    target.log.error('internal error', { requestId: target.requestId, operation, err });
    if (!res.writableEnded) res.end(errorMessage('InternalFailure', INTERNAL_FAILURE));
  }
}
