/**
 * What Secrets Manager offers other services (the `secretReader` port): a secret's value
 * by SecretId, for ECS tasks' `secrets` (`valueFrom` naming a secret). It reads exactly as
 * GetSecretValue does — the same name / full ARN / partial ARN resolution, AWSCURRENT by
 * default, KMS decryption, the secret's LastAccessedDate — so a task sees what the API
 * would answer. ECS parses its own `valueFrom` forms (`<arn>:<json-key>:<stage>:<version>`)
 * and passes the SecretId and the stage or version here. Authorization is the caller's:
 * the port reads as Secrets Manager itself (AWS checks the task execution role).
 */
import { Scope } from '../../../platform/aws/scope.js';

export interface SecretSelection {
  /** A staging label (AWSCURRENT when neither is given). */
  versionStage?: string;
  versionId?: string;
}

/** A value and the version it came from: exactly one of `string` and `binary`. */
export interface SecretValueRead {
  string?: string;
  binary?: Buffer;
  arn: string;
  versionId: string;
  /** The secret's resource policy as it was put: the reader's caller authorizes with it. */
  resourcePolicy?: string;
}

/**
 * Why a read failed, with the code and message GetSecretValue would answer
 * (ResourceNotFoundException, InvalidRequestException for a secret scheduled for deletion,
 * DecryptionFailure…). Messages name the secret's id, version or label, never a value.
 */
export class SecretReadError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'SecretReadError';
  }
}

export interface SecretReader {
  /** Throws SecretReadError when the secret, version or label is not there or cannot be decrypted. */
  getSecretValue(scope: Scope, secretIdOrArn: string, selection?: SecretSelection): SecretValueRead;
}
