/** What ECR offers other services. */

/** An image reference Docker can pull, with the credentials Berth's registry wants for it. */
export interface ResolvedImage { ref: string; auth?: { username: string; password: string; serverAddress: string } }

/**
 * Resolves the images ECS tasks name as ECR images (AWS's repository URI or Berth's
 * registry host) to what the local engine pulls; undefined for images Berth does not serve.
 * The registry token is for `accessKeyId` (a task execution role's session), so the
 * registry authorizes the pull for that principal; for the account root when absent.
 */
export type ImageResolver = (image: string, accessKeyId?: string) => Promise<ResolvedImage | undefined>;
