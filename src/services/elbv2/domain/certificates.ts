/** The certificates an HTTPS listener serves, as the API stores them and the data plane reads them. */
import { ListenerDoc } from './docs.js';

/** Its default certificate first, then the SNI certificates AddListenerCertificates added. */
export function certificateArnsOf(l: ListenerDoc): string[] {
  return [...(l.Certificates ?? []).flatMap((c) => (c.CertificateArn ? [c.CertificateArn] : [])), ...(l.extraCertificates ?? [])];
}
