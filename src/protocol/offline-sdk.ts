/**
 * Test support for protocol tests: SDK client options whose "network" records each
 * request and answers with a response the protocol under test wrote, so the official
 * serializers and deserializers run without a server.
 */
import { Readable } from 'node:stream';
import { HttpRequest, HttpResponse } from '@smithy/protocol-http';
import { WireResponse } from './protocol.js';

export function offlineClientConfig(respond: () => WireResponse, extraHeaders: Record<string, string> = {}) {
  const sent: HttpRequest[] = [];
  const config = {
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: HttpRequest) => {
        sent.push(request);
        const r = respond();
        const body = typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
        return { response: new HttpResponse({ statusCode: r.status, headers: { ...r.headers, ...extraHeaders }, body: Readable.from([body]) }) };
      },
    },
  };
  return { config, sent };
}
