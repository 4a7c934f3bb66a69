/**
 * RequestCertificate: issued at once by Berth's private CA (domain/private-ca.ts), status
 * ISSUED, with the validation AWS would have asked for shown as passed. The key pair is made
 * and signed before the transaction (key generation is asynchronous); the transaction checks
 * the idempotency token again, so two racing repeats still make one certificate.
 */
import { randomUUID, X509Certificate } from 'node:crypto';
import { Scope, scopeOf } from '../../../platform/aws/scope.js';
import { DomainValidation, Operations, RequestCertificateRequest } from '../../../protocol/generated/acm.js';
import { TypedHandlers } from '../../../protocol/service.js';
import { ReadTx } from '../../../state/store.js';
import { factsOf, KeyAlgorithm } from '../domain/certificate-facts.js';
import { acmErrors } from '../domain/errors.js';
import { sealKey } from '../domain/key-seal.js';
import { certificateArn, certificateKey } from '../domain/names.js';
import { REQUESTABLE } from '../domain/private-ca.js';
import { BY_TOKEN, CertificateDoc, KIND, tokenKey } from '../domain/records.js';
import { dnsValidation, emailValidation, requestedNames } from '../domain/validation-records.js';
import { AcmDeps } from './context.js';
import { withTags } from './tag-rules.js';

/** AWS: the same IdempotencyToken within an hour requests the same certificate. */
const TOKEN_WINDOW_MS = 3_600_000;

function repeated(tx: ReadTx, scope: Scope, token: string | undefined, now: Date): CertificateDoc | undefined {
  if (token === undefined) return undefined;
  return tx.listByIndex<CertificateDoc>(KIND.certificate, BY_TOKEN, { key: tokenKey(scope, token) }).map((r) => r.doc).find((d) => d.idempotency!.until > now.toISOString());
}

function keyAlgorithm(input: RequestCertificateRequest): KeyAlgorithm {
  const algorithm = input.KeyAlgorithm ?? 'RSA_2048';
  if (!REQUESTABLE[algorithm]) throw acmErrors.validation(`KeyAlgorithm ${algorithm} is not supported for requested certificates. Supported: ${Object.keys(REQUESTABLE).join(', ')}.`);
  return algorithm;
}

/** The validation records per name; EMAIL takes the ValidationDomain the request gives a name. */
function validations(input: RequestCertificateRequest, accountId: string, names: string[]): DomainValidation[] {
  const method = input.ValidationMethod ?? 'EMAIL';
  if (method === 'HTTP') throw acmErrors.invalidParameter('HTTP validation is only available for certificates managed by CloudFront.');
  const given = new Map((input.DomainValidationOptions ?? []).map((o) => [o.DomainName, o.ValidationDomain]));
  for (const name of given.keys()) {
    if (!names.includes(name)) throw acmErrors.invalidDomainValidationOptions(`DomainValidationOption ${name} is not one of the certificate's domain names.`);
  }
  return names.map((name) => (method === 'DNS' ? dnsValidation(accountId, name) : emailValidation(name, given.get(name))));
}

export function requestOps({ store, vault, ca }: AcmDeps): Pick<TypedHandlers<Operations>, 'RequestCertificate'> {
  return {
    async RequestCertificate(input, ctx) {
      const scope = scopeOf(ctx);
      const prior = repeated(store, scope, input.IdempotencyToken, ctx.now);
      if (prior) return { CertificateArn: prior.CertificateArn };
      if (input.CertificateAuthorityArn !== undefined) throw acmErrors.invalidParameter('Berth has no AWS Private CA: request the certificate without CertificateAuthorityArn.');
      const algorithm = keyAlgorithm(input);
      const names = requestedNames(input.DomainName, input.SubjectAlternativeNames);
      const DomainValidationOptions = validations(input, scope.accountId, names);
      const tags = withTags([], input.Tags);
      const issued = await ca.issue(names, algorithm, ctx.now);
      const id = randomUUID();
      const arn = certificateArn(scope, id);
      const now = ctx.now.toISOString();
      return store.transact((tx) => {
        const raced = repeated(tx, scope, input.IdempotencyToken, ctx.now);
        if (raced) return { CertificateArn: raced.CertificateArn };
        const doc: CertificateDoc = {
          region: scope.region, accountId: scope.accountId, CertificateArn: arn, Type: 'AMAZON_ISSUED', CreatedAt: now, IssuedAt: now,
          ...factsOf(new X509Certificate(issued.certificatePem)), ValidationMethod: input.ValidationMethod ?? 'EMAIL', DomainValidationOptions,
          Options: { CertificateTransparencyLoggingPreference: input.Options?.CertificateTransparencyLoggingPreference ?? 'ENABLED' },
          certificatePem: issued.certificatePem, chainPem: issued.chainPem, sealedKey: sealKey(vault, scope, arn, issued.privateKeyPem),
          tags, inUseBy: [],
          ...(input.IdempotencyToken ? { idempotency: { token: input.IdempotencyToken, until: new Date(ctx.now.getTime() + TOKEN_WINDOW_MS).toISOString() } } : {}),
        };
        tx.put(KIND.certificate, certificateKey(scope, id), doc, 0);
        return { CertificateArn: arn };
      });
    },
  };
}
