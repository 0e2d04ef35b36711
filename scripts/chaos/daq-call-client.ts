/**
 * The `daq` command line as a client of the chaos child: each call is a process of its own,
 * `daq call <Command> '<json>' --server <url> --token <token>`, as a lab script would run it,
 * and its printed JSON is the answer. A call costs a Node start, 0.3 s and over a second on a
 * busy machine, so the chaos operations send few commands this way.
 *
 * A kill of the chaos child leaves its running calls behind: their connection is refused or
 * closed at once (the server died with the child) and they end, printing into a pipe nobody
 * reads. They cannot reach a later life's server either: each life has its own token.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { appErrorSchema, type Result } from '../../shared/errors.js';

const printedResultSchema = z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: appErrorSchema })]);

/** A client lost an answer (a socket closed, an invoke rejected, a `daq call` printed none): the command's fate is unknown. */
export class ClientFailure extends Error {}

/** `scripts/build-cli.mjs`, the build behind `bin/daq.mjs`; plain JS, so typed here. */
interface CliBuild {
  bundleIsFresh(): boolean;
  buildCli(): Promise<void>;
}

/**
 * Builds out/cli/daq.cjs when a source changed since its last build, so no `daq call` of the run
 * spends a second building it (bin/daq.mjs would, inside a life's few hundred milliseconds).
 */
export async function ensureCliBuilt(root: string): Promise<void> {
  // A runtime path: the build script stays out of the child's bundle and runs as the CLI's own.
  const build = (await import(pathToFileURL(join(root, 'scripts/build-cli.mjs')).href)) as CliBuild;
  if (!build.bundleIsFresh()) await build.buildCli();
}

export class DaqCallClient {
  constructor(
    private readonly root: string,
    /** The app URL as `daq serve` prints it. */
    private readonly serverUrl: string,
    private readonly token: string,
  ) {}

  call(command: string, request: unknown): Promise<Result<unknown>> {
    // `--token=T`: a base64url token starts with "-" once in 64 launches, and `--token T` then
    // reads as an option and is refused ("argument is ambiguous").
    const args = [join(this.root, 'bin/daq.mjs'), 'call', command, JSON.stringify(request ?? {}), '--server', this.serverUrl, `--token=${this.token}`];
    return new Promise((done, fail) => {
      // Exit code 1 is a refused command, answered on stdout like a success; only what printed
      // counts. The CLI's own transport failures (cannot reach, closed before answering, no answer
      // in 15 s) print a Result too; with the server in this very process they come only with its
      // death, when nothing reads them any more.
      execFile(process.execPath, args, { cwd: this.root, encoding: 'utf8', maxBuffer: 8 << 20 }, (err, stdout, stderr) => {
        const printed = parsePrinted(stdout);
        if (printed) done(printed);
        else fail(new ClientFailure(`daq call ${command} printed no answer (${err ? err.message.split('\n')[0] : 'exit 0'}): ${stdout.slice(0, 500)}${stderr.slice(-1500)}`));
      });
    });
  }
}

function parsePrinted(stdout: string): Result<unknown> | undefined {
  try {
    const parsed = printedResultSchema.safeParse(JSON.parse(stdout));
    return parsed.success ? (parsed.data as Result<unknown>) : undefined;
  } catch {
    return undefined;
  }
}
