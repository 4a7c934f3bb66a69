/** What ECR offers other services. */

/** An image reference Docker can pull, with the credentials Berth's registry wants for it. */
export interface ResolvedImage { ref: string; auth?: { username: string; password: string; serverAddress: string } }

/**
 * Resolves the images ECS tasks name as ECR images (AWS's repository URI or Berth's
 * registry host) to what the local engine pulls; undefined for images Berth does not serve.
 */
export type ImageResolver = (image: string) => Promise<ResolvedImage | undefined>;
