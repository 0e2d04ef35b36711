/** A DaqApi whose commands the test supplies; any other command is missing on purpose. */
import type { Result } from '../../shared/errors.js';
import type { DaqApi } from '../../shared/ipc/contract.js';

/** Builds the API from the commands a test needs. */
export function fakeApi(commands: Record<string, (req: never) => Promise<Result<unknown>>>): DaqApi {
  return { onEvents: () => () => undefined, ...commands } as unknown as DaqApi;
}
