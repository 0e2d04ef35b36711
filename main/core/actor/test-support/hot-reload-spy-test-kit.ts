/**
 * What the hot reload tests wait on instead of sleeping: pass-through spies on the actor's
 * handling of settled reads and on every completed read of a config file, a watcher whose
 * events the test sends, and a driver whose connect holds until released. A test waits for the
 * read of a given save to have been handled, so "nothing was reported" is a fact about that
 * very read. The spies are installed by the test file's own `vi.mock` calls:
 *
 *   vi.mock('./reload-commands.js', async (original) => (await import('./test-support/hot-reload-spy-test-kit.js')).spyOnReloads(await original()));
 *
 * Test-only: nothing in the product imports it.
 */
import type { ReloadStatus } from '../../../../shared/model/runtime.js';
import type { readConfigFile } from '../../config/config-file.js';
import type { FileEventKind, WatcherFactory } from '../../hot-reload/file-watcher.js';
import type { Core } from '../../index.js';
import type { DriverFactory } from '../../instruments/index.js';
import type { reloadFromContent } from '../reload-commands.js';

/** One settled read of the file handled by the actor: the text it read and what it reported. */
export interface Processed {
  readonly text: string | undefined;
  readonly reported: ReloadStatus | undefined;
}

/** Reads handled by the actor (hot reload from the file only) and files read, in order. */
export const spy = { processed: [] as Processed[], reads: [] as string[] };
const waiters = new Set<() => void>();
const changed = (): void => waiters.forEach((w) => w());

export function spyOnReloads<M extends { reloadFromContent: typeof reloadFromContent }>(actual: M): M {
  return {
    ...actual,
    reloadFromContent: async (...args: Parameters<typeof reloadFromContent>) => {
      const reported = await actual.reloadFromContent(...args);
      if (args[2] === 'file') spy.processed.push({ text: 'text' in args[1] ? args[1].text : undefined, reported });
      changed();
      return reported;
    },
  };
}

export function spyOnReads<M extends { readConfigFile: typeof readConfigFile }>(actual: M): M {
  return {
    ...actual,
    readConfigFile: async (file: string) => {
      const read = await actual.readConfigFile(file);
      spy.reads.push(file);
      changed();
      return read;
    },
  };
}

/** For afterEach: forgets what earlier tests recorded. */
export function resetSpy(): void {
  spy.processed.length = 0;
  spy.reads.length = 0;
}

/** Resolves with the first value `find` gives, checked again whenever a spy records something. */
export function until<T>(find: () => T | undefined): Promise<T> {
  return new Promise((done) => {
    const check = (): void => {
      const found = find();
      if (found === undefined) return;
      waiters.delete(check);
      done(found);
    };
    waiters.add(check);
    check();
  });
}

/**
 * The first settled read after the `from`-th handled by the actor (of `text`, when given), once
 * its command has ended: a command posted after it has run, so its events have gone out.
 */
export async function processedRead(core: Core, from: number, text?: string): Promise<Processed> {
  const read = await until(() => spy.processed.slice(from).find((p) => text === undefined || p.text === text));
  await core.invoke('GetAppState', {});
  return read;
}

/** A watcher whose events the test sends: what the file saw is the test's to say. */
export function manualWatcher(): { factory: WatcherFactory; fire: (kind: FileEventKind) => void } {
  let send: ((kind: FileEventKind) => void) | undefined;
  return {
    factory: async (_target, onEvent) => {
      send = onEvent;
      return { close: async () => undefined };
    },
    fire: (kind) => send?.(kind),
  };
}

/** A driver whose connect holds (holding the mailbox with it) until the test lets it go. */
export function heldConnect(): { factory: DriverFactory; entered: Promise<void>; release: () => void } {
  let enter = (): void => undefined;
  let release = (): void => undefined;
  const entered = new Promise<void>((r) => (enter = r));
  const released = new Promise<void>((r) => (release = r));
  const factory: DriverFactory = () => ({
    connect: () => {
      enter();
      return released;
    },
    applyParameter: async () => undefined,
    disconnect: async () => undefined,
  });
  return { factory, entered, release };
}
