/** `npm start`: runs Berth in the foreground until SIGINT/SIGTERM. */
import { ConfigError, loadConfig, USAGE } from './platform/config.js';
import { DataDirError } from './platform/data-dir.js';
import { createLogger } from './platform/log.js';
import { startBerth } from './berth.js';
import { credentialsFile, PROFILE } from './iam/root-credentials.js';

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  // Everything Berth writes (state, registry blobs, HAProxy files) is for Berth's user alone.
  process.umask(0o077);
  const config = loadConfig(process.argv.slice(2), process.env);
  const log = createLogger(config.logLevel);
  const berth = await startBerth(config, log);
  const overridden = config.rootAccessKeyId ? ' (from BERTH_ROOT_ACCESS_KEY_ID)' : '';
  console.log(`Berth is running at ${berth.endpoint}
State: ${config.dataDir}   Docker: ${config.dockerHost}
Credentials${overridden}: profile "${PROFILE}" in ${credentialsFile(config.dataDir)}

Point the aws CLI at it:
  export AWS_SHARED_CREDENTIALS_FILE=${credentialsFile(config.dataDir)} AWS_PROFILE=${PROFILE} AWS_DEFAULT_REGION=us-east-1
  aws --endpoint-url ${berth.endpoint} ecs create-cluster --cluster-name demo
SDKs: endpoint "${berth.endpoint}" with the same credentials (or AWS_ENDPOINT_URL=${berth.endpoint}).`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info(`received ${signal}; stopping (tasks keep running and are adopted on the next start)`);
    berth.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e) => {
  if (e instanceof ConfigError || e instanceof DataDirError) console.error(e.message);
  else console.error(`berth: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
