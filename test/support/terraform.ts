/**
 * Running Terraform offline against a Berth: the `terraform` binary on PATH and the
 * hashicorp/aws provider in a filesystem mirror (Terraform cannot download it here), with
 * a CLI configuration that installs from that mirror only.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const PROVIDER_DIR = join('registry.terraform.io', 'hashicorp', 'aws');

/**
 * Where a mirror may be: BERTH_TF_PLUGIN_MIRROR, then the directories Terraform itself
 * searches as implied mirrors, then /opt/tf-plugins (where this project's machine image puts it).
 */
function mirrorCandidates(): string[] {
  const env = process.env.BERTH_TF_PLUGIN_MIRROR;
  return [
    ...(env ? [env] : []),
    join(homedir(), '.terraform.d', 'plugins'),
    join(homedir(), '.local', 'share', 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
    '/opt/tf-plugins',
  ];
}

/** A mirror root holding an unpacked hashicorp/aws provider build: <root>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/terraform-provider-aws*. */
function hasProvider(root: string): boolean {
  const dir = join(root, PROVIDER_DIR);
  if (!existsSync(dir)) return false;
  return readdirSync(dir).some((version) => {
    const platforms = join(dir, version);
    return existsSync(platforms) && readdirSync(platforms).some((p) => {
      const files = join(platforms, p);
      return existsSync(files) && readdirSync(files).some((f) => f.startsWith('terraform-provider-aws'));
    });
  });
}

function terraformVersion(): string | undefined {
  try {
    return execFileSync('terraform', ['version'], { encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } }).split('\n')[0];
  } catch {
    return undefined;
  }
}

/** The mirror to use, or why Terraform cannot run here. */
export function findTerraform(): { mirror: string } | { skip: string } {
  if (!terraformVersion()) return { skip: 'terraform is not on PATH (it is not a Debian or npm package; install it to run this suite)' };
  const mirror = mirrorCandidates().find(hasProvider);
  if (!mirror) return { skip: `no hashicorp/aws provider in a plugin mirror (looked in ${mirrorCandidates().join(', ')}; set BERTH_TF_PLUGIN_MIRROR)` };
  return { mirror };
}

export interface TerraformResult { code: number; stdout: string; stderr: string }

export interface Workspace {
  dir: string;
  /** Runs `terraform <args>` in the workspace; never throws on a non-zero exit. */
  run(args: string[], vars?: Record<string, string>): Promise<TerraformResult>;
}

/** A workspace in `dir` whose Terraform installs providers from `mirror` only. */
export function workspace(dir: string, mirror: string): Workspace {
  const cliConfig = join(dir, 'terraform.rc');
  writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`);
  const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  return {
    dir,
    run(args, vars = {}) {
      const varArgs = Object.entries(vars).flatMap(([k, v]) => ['-var', `${k}=${v}`]);
      return new Promise((resolve) => {
        execFile('terraform', [...args, '-no-color', ...varArgs], { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
        });
      });
    },
  };
}
