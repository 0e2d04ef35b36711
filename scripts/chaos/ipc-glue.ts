/**
 * The real Electron IPC glue (main/electron/ipc-bridge.ts), loaded in the chaos child with its
 * `electron` import pointing at stand-in-electron.ts. The child's own bundle leaves every bare
 * import, `electron` included, to Node, which would load the real package (a path to a binary,
 * no `ipcMain`). So the glue is bundled here, in memory, with that one import redirected, and
 * imported from a data: URL; its other bare imports (zod) are left to the very files the child
 * already loaded. About 10–80 ms, done while the core starts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build, stop, type Plugin } from 'esbuild';

export type IpcGlue = typeof import('./ipc-glue-entry.js');

/** `electron` → the stand-in; other packages → the absolute URL Node resolves them to from here. */
function redirectElectron(standIn: string): Plugin {
  return {
    name: 'chaos-stand-in-electron',
    setup(bundler) {
      bundler.onResolve({ filter: /^electron$/ }, () => ({ path: standIn }));
      // A data: URL module can import only built-ins and absolute URLs.
      bundler.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('node:') ? { external: true } : { path: import.meta.resolve(args.path), external: true }));
    },
  };
}

/**
 * `root` is the repository (the child runs there, so its bare imports resolve). It stops esbuild's
 * service when done, which would leave any other build of this process waiting for ever: call it
 * when nothing else builds.
 */
export async function loadIpcGlue(root: string): Promise<IpcGlue> {
  const entry = join(root, 'scripts/chaos/ipc-glue-entry.ts');
  const standIn = join(root, 'scripts/chaos/stand-in-electron.ts');
  if (!existsSync(entry) || !existsSync(standIn)) throw new Error(`the IPC glue's chaos entry is not in ${root}/scripts/chaos`);
  try {
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: root,
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
      plugins: [redirectElectron(standIn)],
    });
    const code = result.outputFiles[0]?.text;
    if (code === undefined) throw new Error('esbuild produced no output for the IPC glue');
    return (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as IpcGlue;
  } finally {
    // esbuild's service is a process of its own; it is not needed for the rest of the life.
    await stop();
  }
}
