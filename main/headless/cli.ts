/**
 * `daq`: the command line of DAQ Studio, for lab automation scripts and black-box tests.
 *   daq validate [FILE | --config FILE]
 *   daq call <Command> '<json>' [--config FILE] [--server URL --token T]
 *   daq serve [--config FILE] [--port N]
 *   daq watch [--server URL --token T] [--channel PREFIX] [--json] [--count N] [--config FILE]
 *   daq simulate <type> [--link PATH]
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fail, type Result } from '../../shared/errors.js';
import { createCore } from '../core/index.js';
import { callRemote } from './remote-call.js';
import { repoRoot, startBrowserMode } from './browser-mode.js';
import { validateConfig } from './validate.js';

const usage = `usage:
  daq validate [FILE | --config FILE]
  daq call <Command> '<json>' [--config FILE] [--server URL --token T]
  daq serve [--config FILE] [--port N]
  daq watch [--server URL --token T] [--channel PREFIX] [--json] [--count N] [--config FILE]
  daq simulate <newport_1830c|esp300|maitai|elliptec> [--link PATH] [--addresses 0,1] [--verbose]`;

const defaultConfig = resolve(repoRoot, 'config/default.toml');

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      server: { type: 'string' },
      token: { type: 'string' },
      port: { type: 'string' },
      channel: { type: 'string' },
      count: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function parsePayload(text: string | undefined): Result<unknown> {
  if (text === undefined) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return fail('VALIDATION', `the argument is not valid JSON: ${(err as Error).message}`);
  }
}

async function call(command: string, payloadText: string | undefined, opts: ReturnType<typeof parse>['values'], configPath: string): Promise<number> {
  const payload = parsePayload(payloadText);
  let result: Result<unknown>;
  if (!payload.ok) result = payload;
  else if (opts.server) {
    if (!opts.token) result = fail('VALIDATION', '--server needs --token (printed by `daq serve` in its URL)');
    else result = await callRemote(opts.server, opts.token, command, payload.value);
  } else {
    // One command and out: no file watcher, no retry loop left behind.
    const core = createCore({ configPath, hotReload: false, origin: 'cli' });
    await core.start();
    result = await core.call(command, payload.value);
    await core.stop();
  }
  console.log(JSON.stringify(result, null, 2));
  return result.ok ? 0 : 1;
}

async function serve(configPath: string, portText: string | undefined): Promise<number> {
  const port = portText === undefined ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`daq serve: --port must be an integer 0-65535, got ${portText}`);
    return 2;
  }
  // Said at start, where the person who typed the command looks, not only in the page.
  if (!existsSync(resolve(repoRoot, 'out/renderer/index.html'))) {
    console.error('daq serve: the user interface is not built yet: run `npm run build` (or start with `npm start`, which builds); commands over the socket work meanwhile');
  }
  const app = await startBrowserMode({ configPath, port });
  await new Promise<void>((done) => {
    const shutdown = (): void => {
      let step = 'starting to stop';
      // A stop that hangs says where, instead of leaving whoever sent the signal guessing.
      const slow = setTimeout(() => {
        const open = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').join(', ');
        console.error(`daq serve: still stopping after 5 s: ${step}; open: ${open}`);
      }, 5_000);
      slow.unref();
      void app.close((s) => (step = s)).then(done);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    // The URL only once the handlers are in place: a script that stops the server as soon as
    // it has read the URL gets a clean shutdown, not the default kill.
    console.log(app.url);
  });
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  // `simulate` has options of its own and runs until stopped; it parses its own arguments.
  if (argv[0] === 'simulate') return (await import('./simulate.js')).simulate(argv.slice(1));
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    console.error(`daq: ${(err as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [sub, ...rest] = positionals;
  const configPath = values.config ? resolve(values.config) : defaultConfig;
  if (values.help || !sub) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  switch (sub) {
    case 'validate':
      // `daq validate FILE` reads as it looks: the file named, not the default one.
      return validateConfig(rest[0] ? resolve(rest[0]) : configPath);
    case 'call':
      if (!rest[0]) {
        console.error(`daq call: name a command\n${usage}`);
        return 2;
      }
      return call(rest[0], rest[1], values, configPath);
    case 'serve':
      return serve(configPath, values.port);
    case 'watch':
      return (await import('./watch.js')).watch({
        configPath,
        ...(values.server ? { server: values.server } : {}),
        ...(values.token ? { token: values.token } : {}),
        ...(values.channel ? { channel: values.channel } : {}),
        ...(values.json ? { json: true } : {}),
        ...(values.count !== undefined ? { count: Number(values.count) } : {}),
      });
    default:
      console.error(`daq: unknown command "${sub}"\n${usage}`);
      return 2;
  }
}

// No top-level await: the built CLI is a CommonJS bundle (bin/daq.mjs runs it through V8's code
// cache), and CommonJS has none.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
