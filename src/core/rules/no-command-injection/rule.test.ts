import { checkFixtures } from '../fixtureTesting';
import { runRuleTests } from '../ruleTester';
import rule from './rule';

const JS = '/project/src/jobs.js';
const CP = `import { exec, execFile, execSync, spawn, spawnSync } from 'node:child_process';\n`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a release script in the scripts/ folder of its project',
      filename: '/project/scripts/release.js',
      projectRoot: '/project',
      code: `const { execSync } = require('child_process');
const version = process.argv[2];
execSync(\`git tag v\${version} -m v\${version}\`, { stdio: 'inherit' });`,
    },
    {
      name: 'a build file at the top of its project',
      filename: '/project/build.js',
      projectRoot: '/project',
      code: `const { exec } = require('child_process');
module.exports = (step) => exec(step, (error) => { if (error) process.exit(1); });`,
    },
    {
      name: 'a path made from the working directory, __dirname and fixed names',
      code: `${CP}import path from 'node:path';
const MIGRATION = 'backfill-titles.js';
export function runMigration() {
  const script = path.join(process.cwd(), 'build', \`migrations/\${MIGRATION}\`);
  execSync(\`node \${script}\`, { stdio: 'inherit' });
  execSync(\`node \${path.resolve(__dirname, 'seed.js')}\`);
}`,
    },
    {
      name: 'a local wrapper every caller gives a literal, also through util.promisify',
      filename: JS,
      code: `const { exec, execSync } = require('child_process');
const util = require('util');
async function versionInfo() {
  function run(command, done) {
    exec(command, (err, stdout) => done(null, stdout));
  }
  const runAsync = util.promisify(run);
  return Promise.all([runAsync('git rev-parse HEAD'), runAsync('node --version')]);
}
function tag(cmd) { return execSync(cmd); }
tag('git describe --tags');
module.exports = { versionInfo };`,
    },
    {
      name: 'a literal command',
      code: `${CP}exec('git status --porcelain', (err, stdout) => console.log(stdout));`,
    },
    {
      name: 'a template of constants and numbers',
      code: `${CP}const GIT = '/usr/bin/git';
export const head = (seconds: number) => {
  execSync(\`sleep \${Math.max(1, seconds)}\`);
  return execSync(\`\${GIT} rev-parse HEAD\`, { encoding: 'utf8' });
};`,
    },
    {
      name: 'execFile with an argument array and no shell',
      code: `${CP}export const log = (userPath: string) => execFile('git', ['log', '--format=%H', '--', userPath], (err, out) => out);`,
    },
    {
      name: 'spawn with a variable program and arguments, no shell',
      code: `${CP}export const run = (cmd: string, args: string[]) => spawn(cmd, args, { stdio: 'inherit' });`,
    },
    {
      name: 'shell: true with a fixed command line',
      code: `${CP}const INSTALL_ARGS = ['install', '--frozen-lockfile'];
spawn('npm', ['ci'], { shell: true });
spawnSync('npm', INSTALL_ARGS, { shell: true });`,
    },
    {
      name: 'shell: false, or a shell setting that cannot be read',
      code: `${CP}export function run(file: string, useShell: boolean) {
  spawn('convert', [file, 'out.png'], { shell: false });
  return spawn('convert', [file, 'out.png'], { shell: useShell });
}`,
    },
    {
      name: 'promisified execFile with an array',
      code: `import { execFile } from 'child_process';
import { promisify } from 'util';
const execFileAsync = promisify(execFile);
export const thumbnail = (input: string, output: string) => execFileAsync('convert', [input, '-resize', '200x200', output], { timeout: 30_000 });`,
    },
    {
      name: 'a parameter named exec shadows the import',
      code: `${CP}export function run(exec: (command: string) => void, command: string) {
  exec(\`echo \${command}\`);
}`,
    },
    {
      name: 'a local function named exec shadows the import',
      code: `${CP}export function preview(branch: string) {
  function execSync(command: string): string { return command; }
  return execSync(\`git checkout \${branch}\`);
}`,
    },
    {
      name: 'exec methods of other libraries: RegExp, better-sqlite3',
      code: `import Database from 'better-sqlite3';
const db = new Database('app.db');
export function setup(table: string, line: string) {
  db.exec(\`CREATE TABLE IF NOT EXISTS \${table} (id TEXT)\`);
  return /^(\\w+)=(.*)$/.exec(line);
}`,
    },
    {
      name: 'a command imported from another module, or read from a property, cannot be judged',
      code: `${CP}import { BUILD_COMMAND } from './config';
export function build(job: { command: string }) {
  exec(BUILD_COMMAND);
  return exec(job.command);
}`,
    },
    {
      name: 'a let only ever assigned literals',
      code: `${CP}export function clean(deep: boolean) {
  let command = 'git clean -n';
  if (deep) command = 'git clean -ndx';
  return execSync(command);
}`,
    },
    {
      name: 'test files are skipped',
      filename: '/project/test/cli.test.ts',
      code: `${CP}export const run = (args: string) => execSync(\`node dist/cli.js \${args}\`);`,
    },
    {
      name: 'JavaScript: destructured require with a literal command',
      filename: JS,
      code: `const { execSync } = require('child_process');
module.exports = () => execSync('npm run build', { stdio: 'inherit' });`,
    },
    {
      name: 'a program called through an argument array built from fixed values',
      code: `${CP}export function lint(fix: boolean) {
  const args = ['eslint', '.'];
  if (fix) args.push('--fix');
  return spawn('npx', args, { shell: true });
}`,
    },
    {
      name: 'commands taken from a fixed list, in a for-of loop and a forEach callback',
      code: `${CP}const STEPS = ['npm ci', 'npm run build'] as const;
for (const step of STEPS) execSync(step, { stdio: 'inherit' });
['npm test', 'npm run lint'].forEach((command) => execSync(command));`,
    },
    {
      name: 'a child_process imported under another name but a literal command',
      code: `import * as cp from 'node:child_process';
export const version = () => cp.execSync('node --version').toString();`,
    },
  ],
  invalid: [
    {
      name: 'a scripts/ folder above the project root says nothing',
      filename: '/home/scripts/shop/src/deploy.js',
      projectRoot: '/home/scripts/shop',
      code: `const { execSync } = require('child_process');
module.exports = (branch) => execSync('git checkout ' + branch);`,
      errors: [{ messageId: 'execBuilt', line: 2, text: "'git checkout ' + branch" }],
      output: null,
    },
    {
      name: 'a local wrapper one caller gives request data',
      code: `${CP}import type { Request } from 'express';
function run(command: string) {
  return execSync(command);
}
run('git status');
export const handler = (req: Request) => run(\`git log \${req.query.path}\`);`,
      errors: [{ messageId: 'execVariable', line: 4, text: 'command' }],
      output: null,
    },
    {
      name: 'an exported wrapper: its callers are in other files',
      code: `${CP}export function run(command: string) {
  return execSync(command);
}
run('git status');`,
      errors: [{ messageId: 'execVariable', line: 3, text: 'command' }],
      output: null,
    },
    {
      name: 'exec with a template',
      code: `${CP}export const checkout = (branch: string) => exec(\`git checkout \${branch}\`);`,
      errors: [{ messageId: 'execBuilt', text: '`git checkout ${branch}`' }],
      output: null,
    },
    {
      name: 'execSync with concatenation',
      code: `${CP}export const remove = (dir: string) => execSync('rm -rf ' + dir);`,
      errors: [{ messageId: 'execBuilt', text: "'rm -rf ' + dir" }],
      output: null,
    },
    {
      name: 'exec of a parameter: the whole command comes from the caller',
      code: `${CP}export function run(command: string) {
  return execSync(command, { stdio: 'inherit' });
}`,
      errors: [{ messageId: 'execVariable', text: 'command' }],
      output: null,
    },
    {
      name: 'promisify(exec) alias',
      code: `import { exec } from 'node:child_process';
import { promisify } from 'node:util';
const execAsync = promisify(exec);
export async function thumbnail(upload: { path: string }, thumbPath: string) {
  await execAsync(\`convert \${upload.path} -resize 200x200 \${thumbPath}\`);
}`,
      errors: [{ messageId: 'execBuilt', line: 5 }],
      output: null,
    },
    {
      name: 'util.promisify(cp.exec) through a namespace import',
      code: `import * as cp from 'child_process';
import util from 'util';
const run = util.promisify(cp.exec);
export const tag = (name: string) => run('git tag ' + name);`,
      errors: [{ messageId: 'execBuilt', line: 4 }],
      output: null,
    },
    {
      name: "require('child_process').exec inline",
      filename: JS,
      code: `exports.ping = (host) => require('child_process').exec(\`ping -c 1 \${host}\`);`,
      errors: [{ messageId: 'execBuilt' }],
      output: null,
    },
    {
      name: 'destructured require inside a function',
      filename: JS,
      code: `function archive(name) {
  const { execSync } = require('node:child_process');
  return execSync('tar czf /tmp/' + name + '.tgz data');
}
module.exports = { archive };`,
      errors: [{ messageId: 'execBuilt', line: 3 }],
      output: null,
    },
    {
      name: 'an alias of exec',
      code: `${CP}const sh = exec;
export const open = (url: string) => sh(\`xdg-open \${url}\`);`,
      errors: [{ messageId: 'execBuilt', line: 3 }],
      output: null,
    },
    {
      name: 'a command built in a const first',
      code: `${CP}export function convert(input: string) {
  const command = \`ffmpeg -i \${input} out.mp3\`;
  return execSync(command);
}`,
      errors: [{ messageId: 'execBuilt', line: 4, text: 'command' }],
      output: null,
    },
    {
      name: 'a command returned by a helper is not a fixed string',
      code: `${CP}import { buildCommand } from './commands';
export function deploy(env: string) {
  const command = buildCommand(env);
  return exec(command);
}`,
      errors: [{ messageId: 'execVariable', line: 5 }],
      output: null,
    },
    {
      name: 'spawn with shell: true and a template command',
      code: `${CP}export const grep = (pattern: string) => spawn(\`grep -r \${pattern} .\`, { shell: true });`,
      errors: [{ messageId: 'shellOption', text: 'shell: true' }],
      output: null,
    },
    {
      name: 'execFile with shell: true and a value in the arguments',
      code: `${CP}export const log = (userPath: string) => execFile('git', ['log', '--', userPath], { shell: true }, () => {});`,
      errors: [{ messageId: 'shellOption', text: 'shell: true' }],
      output: null,
    },
    {
      name: 'spawnSync with a shell path and arguments that cannot be read',
      code: `${CP}export function run(args: string[]) {
  return spawnSync('git', args, {
    cwd: '/srv/repo',
    shell: '/bin/bash',
  });
}`,
      errors: [{ messageId: 'shellOption', line: 5, text: "shell: '/bin/bash'" }],
      output: null,
    },
    {
      name: 'a default import of node:child_process',
      code: `import childProcess from 'node:child_process';
export const kill = (pid: string) => childProcess.execSync(\`kill -9 \${pid}\`);`,
      errors: [{ messageId: 'execBuilt' }],
      output: null,
    },
    {
      name: 'a let that is once assigned a built command',
      code: `${CP}export function clean(dir: string) {
  let command = 'git clean -n';
  if (dir) command = \`git clean -n -- \${dir}\`;
  return execSync(command);
}`,
      errors: [{ messageId: 'execVariable', line: 5, text: 'command' }],
      output: null,
    },
    {
      name: 'a spread of arguments that cannot be read, with a shell',
      code: `${CP}export const git = (extra: string[]) => spawn('git', ['status', ...extra], { shell: true });`,
      errors: [{ messageId: 'shellOption' }],
      output: null,
    },
    {
      name: 'commands taken from a list this file cannot see',
      code: `${CP}export function runAll(config: { commands: string[] }) {
  for (const command of config.commands) execSync(command);
}`,
      errors: [{ messageId: 'execVariable', line: 3, text: 'command' }],
      output: null,
    },
    {
      name: 'an awaited promisified exec in a class method',
      code: `import { exec } from 'child_process';
import { promisify } from 'util';
const execAsync = promisify(exec);
export class Backups {
  async dump(database: string) {
    const { stdout } = await execAsync('pg_dump ' + database);
    return stdout;
  }
}`,
      errors: [{ messageId: 'execBuilt', line: 6, text: "'pg_dump ' + database" }],
      output: null,
    },
  ],
});

checkFixtures(rule, __dirname, {
  'media-jobs.ts': {
    findings: [
      [27, 'execBuilt', '`${FFMPEG} -i ${upload.path} -vn "${upload.originalName}.mp3"`'],
      [38, 'shellOption', 'shell: true'],
    ],
  },
  'deploy.js': {
    findings: [
      [11, 'execBuilt', "'git fetch origin && git checkout ' + branch"],
      [25, 'execBuilt', 'command'],
    ],
  },
});
