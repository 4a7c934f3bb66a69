/**
 * Add/Remove/DescribeListenerCertificates. An HTTPS listener serves its default certificate
 * and the ones added here, chosen by the name the client asks for (SNI). HTTP and TCP
 * listeners hold none and refuse any, with the error AWS gives for a certificate on them.
 */
import { clientError } from '../../../protocol/errors.js';
import { Certificate, Operations } from '../../../protocol/generated/elbv2.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { Tx } from '../../../state/store.js';
import { Elbv2Deps } from './context.js';
import { ListenerDoc } from '../domain/docs.js';
import { requireListener, scopeOf } from '../domain/lookups.js';
import { KIND } from '../domain/names.js';
import { page } from './pagination.js';
import { isSecure, requireIssued, syncCertificateUsage } from './listener-tls.js';

/** AWS's quota: certificates per application load balancer, the default ones excluded. */
const MAX_EXTRA_CERTIFICATES = 25;

function requireSecure(l: ListenerDoc): void {
  if (!isSecure(l.Protocol)) throw clientError('ValidationError', `A certificate cannot be specified for ${l.Protocol} listeners`);
}

const arnsOf = (certificates: Certificate[]) => certificates.flatMap((c) => (c.CertificateArn ? [c.CertificateArn] : []));

export function makeListenerCertificateOps(deps: Elbv2Deps): TypedHandlers<Operations> {
  const { store } = deps;

  function update(tx: Tx, l: ListenerDoc, extraCertificates: string[]): void {
    tx.put(KIND.listener, l.ListenerArn, { ...l, extraCertificates });
    syncCertificateUsage(tx, deps.certificates, l.LoadBalancerArn);
  }

  return {
    DescribeListenerCertificates(input) {
      const l = requireListener(store, input.ListenerArn);
      const all = [
        ...(l.Certificates ?? []).map((c) => ({ CertificateArn: c.CertificateArn, IsDefault: true })),
        ...(l.extraCertificates ?? []).map((CertificateArn) => ({ CertificateArn, IsDefault: false })),
      ];
      const p = page(all, (c) => c.CertificateArn ?? '', input.Marker, input.PageSize);
      return { Certificates: p.items, NextMarker: p.NextMarker };
    },

    AddListenerCertificates(input, ctx) {
      return store.transact((tx) => {
        const l = requireListener(tx, input.ListenerArn);
        requireSecure(l);
        const added = arnsOf(input.Certificates);
        for (const arn of added) requireIssued(deps.certificates, scopeOf(ctx), arn, ctx.now);
        const defaults = arnsOf(l.Certificates ?? []);
        const extra = [...new Set([...(l.extraCertificates ?? []), ...added])].filter((a) => !defaults.includes(a));
        if (extra.length > MAX_EXTRA_CERTIFICATES) throw clientError('TooManyCertificates', 'You\'ve reached the limit on the number of certificates per load balancer');
        update(tx, l, extra);
        return { Certificates: added.map((CertificateArn) => ({ CertificateArn, IsDefault: false })) };
      });
    },

    RemoveListenerCertificates(input) {
      return store.transact((tx) => {
        const l = requireListener(tx, input.ListenerArn);
        requireSecure(l);
        const removed = arnsOf(input.Certificates);
        if (removed.some((a) => arnsOf(l.Certificates ?? []).includes(a))) throw clientError('OperationNotPermitted', 'The default certificate of a listener cannot be removed; change it with ModifyListener');
        update(tx, l, (l.extraCertificates ?? []).filter((a) => !removed.includes(a)));
        return {};
      });
    },
  };
}
