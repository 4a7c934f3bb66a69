/**
 * Add/Remove/DescribeListenerCertificates. Only HTTPS and TLS listeners hold certificates,
 * and Berth serves neither yet: an HTTP or TCP listener lists none and refuses any, with
 * the error AWS gives for a certificate on such a listener.
 */
import { clientError } from '../../../protocol/errors.js';
import { Operations } from '../../../protocol/generated/elbv2.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { Elbv2Deps } from './context.js';
import { ListenerDoc } from '../domain/docs.js';
import { requireListener } from '../domain/lookups.js';
import { page } from './pagination.js';

const SECURE = ['HTTPS', 'TLS'];

function requireSecure(l: ListenerDoc): void {
  if (!SECURE.includes(l.Protocol)) throw clientError('ValidationError', `A certificate cannot be specified for ${l.Protocol} listeners`);
}

export function makeListenerCertificateOps(deps: Elbv2Deps): TypedHandlers<Operations> {
  const { store } = deps;
  return {
    DescribeListenerCertificates(input) {
      const l = requireListener(store, input.ListenerArn);
      const p = page(l.Certificates ?? [], (c) => c.CertificateArn ?? '', input.Marker, input.PageSize);
      return { Certificates: p.items, NextMarker: p.NextMarker };
    },

    AddListenerCertificates(input) {
      requireSecure(requireListener(store, input.ListenerArn));
      return {};
    },

    RemoveListenerCertificates(input) {
      requireSecure(requireListener(store, input.ListenerArn));
      return {};
    },
  };
}
