/**
 * An answer that finishes outside the mailbox. A handler checks and starts its work in order
 * with every other command, then hands back the part that only waits on a device (an ELL14 move
 * answers on arrival, seconds later): the core awaits it after the mailbox has moved on, so no
 * command queues behind a moving rotator. The waiting part must change no state of the core.
 */
export class AfterMailbox<T> {
  constructor(readonly answer: Promise<T>) {
    // Awaited by the core right after the mailbox job: never an unhandled rejection meanwhile.
    answer.catch(() => undefined);
  }
}
