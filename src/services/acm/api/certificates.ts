/** DescribeCertificate, GetCertificate (the certificate and its chain, never the key) and DeleteCertificate (refused while a load balancer uses it). */
import { scopeOf } from '../../../platform/aws/scope.js';
import { Operations } from '../../../protocol/generated/acm.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { acmErrors } from '../domain/errors.js';
import { requireCertificate } from '../domain/lookups.js';
import { KIND } from '../domain/records.js';
import { AcmDeps } from './context.js';
import { detailView } from './views.js';

type Ops = Pick<TypedHandlers<Operations>, 'DescribeCertificate' | 'GetCertificate' | 'DeleteCertificate'>;

export function certificateOps({ store }: AcmDeps): Ops {
  return {
    DescribeCertificate: (input, ctx) => ({ Certificate: detailView(requireCertificate(store, scopeOf(ctx), input.CertificateArn).doc, ctx.now) }),

    GetCertificate: (input, ctx) => {
      const doc = requireCertificate(store, scopeOf(ctx), input.CertificateArn).doc;
      return { Certificate: doc.certificatePem, ...(doc.chainPem ? { CertificateChain: doc.chainPem } : {}) };
    },

    DeleteCertificate: (input, ctx) => store.transact((tx) => {
      const rec = requireCertificate(tx, scopeOf(ctx), input.CertificateArn);
      if (rec.doc.inUseBy.length > 0) throw acmErrors.inUse(rec.doc.CertificateArn, rec.doc.inUseBy);
      tx.delete(KIND.certificate, rec.id);
      return {};
    }),
  };
}
