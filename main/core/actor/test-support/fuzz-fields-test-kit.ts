/**
 * Field generators of the contract fuzz (test-only), aimed at the fuzz bench (mock-bench.toml):
 * ids it has, ids a run adds and removes, prototype names and broken ids; instrument configs of
 * every type with hostile names and ports; processors, parameter names and values; and ids of
 * transactions the run really opened, picked when the case is sent.
 */
import fc from 'fast-check';
import { mockProfiles } from '../../../../shared/model/mock-profiles.js';
import { anything, anyNumber, longString, nastyString, protoLikeNames, protoNames, Raw, typedString } from './fuzz-values-test-kit.js';

export const benchInstruments = ['signal_gen', 'pm_sample', 'pm_reference', 'ti_sapph', 'hwp_rotator', 'camera'] as const;
export const benchModules = ['power_watch', 'pol_scan', 'imaging'] as const;
const newIds = ['fz_a', 'fz_b', 'fz_c'] as const;
const badIds = ['', 'bad id!', 'x'.repeat(65), 'ü', '../etc', 'a.b', ' a', 'a\u0000'] as const;
const roles = ['power_meter', 'rotator', 'detector', 'laser', 'camera'] as const;

function idFrom(...pools: readonly (readonly string[])[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    ...pools.map((pool) => ({ weight: 4, arbitrary: fc.constantFrom(...pool) })),
    { weight: 2, arbitrary: fc.constantFrom<string>(...protoLikeNames) },
    { weight: 1, arbitrary: fc.constantFrom<string>(...badIds) },
    { weight: 1, arbitrary: anything },
  );
}

export const instrumentId = idFrom(benchInstruments, newIds);
export const moduleId = idFrom(benchModules);
export const roleName = idFrom(roles);

/** `persist` mostly false: a durable write costs milliseconds, and the refusals are the point. */
export const persist = fc.oneof(
  { weight: 14, arbitrary: fc.constant(false) },
  { weight: 1, arbitrary: fc.constant(true) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: anything },
);

const rate = fc.oneof({ weight: 4, arbitrary: fc.double({ min: 0.1, max: 200, noNaN: true }) }, { weight: 1, arbitrary: anyNumber });
export const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 2 });

const mockConfig = fc.record({
  type: fc.constant('mock'),
  sample_rate_hz: rate,
  name: maybe(typedString),
  profile: maybe(fc.constantFrom<unknown>(...mockProfiles, 'nope', 7)),
  num_samples: maybe(fc.oneof(fc.integer({ min: 1, max: 1000 }), anyNumber)),
  amplitude: maybe(anyNumber),
  offset: maybe(anyNumber),
});

/** Ports the validator must refuse or accept: devices that are not serial ports are among them. */
const port = fc.constantFrom<unknown>(
  '/dev/ttyUSB0', '/dev/ttyUSB1', 'COM7', 'COM0', '\\\\.\\COM3', 'sim://newport_1830c', 'sim://maitai', 'sim://nope', '/dev/serial/by-id/usb-FTDI_x-if00',
  '/dev/ptmx', '/dev/tty', '/dev/null', '/dev/zero', '/dev/stdin', '/proc/self/fd/0', '/etc/passwd', '', 'x'.repeat(5000), 7,
);
const serialConfig = fc.record({
  type: fc.constantFrom('newport_1830c', 'maitai', 'esp300', 'elliptec'),
  port,
  name: maybe(typedString),
  baud_rate: maybe(fc.constantFrom<unknown>(9600, 19200, 1234, '9600')),
  polling_rate_hz: maybe(rate),
});
const otherConfig = fc.record({ type: fc.constantFrom<unknown>('pvcam', 'scpi_keithley', 'visa_instrument', 'MOCK', '', '__proto__', 1, null) });
export const instrumentConfig = fc.oneof(
  { weight: 6, arbitrary: mockConfig },
  { weight: 2, arbitrary: serialConfig },
  { weight: 1, arbitrary: otherConfig },
  { weight: 1, arbitrary: anything },
);

// FFT windows stay small: a valid 2^20 window on a fast mock would make the run slow, not wiser.
const processor = fc.oneof(
  fc.record({
    type: fc.constant('iir'),
    filter_type: fc.constantFrom<unknown>('Lowpass', 'Highpass', 'Bandpass', 'Bandstop', 'lowpass'),
    f0: fc.oneof(fc.constantFrom(0.1, 1, 2.5), anyNumber),
    fs: fc.oneof(fc.constantFrom(5, 10), anyNumber),
    q: maybe(anyNumber),
  }),
  fc.record({ type: fc.constant('fft'), window_size: fc.constantFrom<unknown>(2, 8, 64, 1 << 21, 0, 1.5), overlap: fc.constantFrom<unknown>(0, 1, -1), sampling_rate: anyNumber }),
  anything,
);
export const processors = maybe(fc.array(processor, { maxLength: 3 }));

export const paramName = fc.constantFrom<unknown>(
  'sample_rate_hz', 'amplitude', 'offset', 'num_samples', 'name', 'profile', 'type', 'port', 'baud_rate', 'axis1.velocity', 'nope', 'a.b.c', '', '.', 'name.',
  ...protoNames, 'name.__proto__', '__proto__.polluted', 'constructor.prototype', 'x'.repeat(201), 7,
);
export const paramValue = fc.oneof(
  { weight: 3, arbitrary: fc.double({ min: 0, max: 1000, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(...mockProfiles) },
  { weight: 2, arbitrary: typedString },
  { weight: 2, arbitrary: anyNumber },
  { weight: 2, arbitrary: anything },
);

const actionName = fc.constantFrom<unknown>('move_to', 'home', 'stop', 'zero', 'open_shutter', 'close_shutter', 'jump', 'constructor', 'Move', '', 'x'.repeat(41), 7);
const actionArgs = maybe(
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ position: fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), anyNumber) }) },
    { weight: 1, arbitrary: fc.record({ axis: fc.oneof(fc.integer({ min: 0, max: 4 }), anything), address: maybe(anything), angle: maybe(anyNumber) }) },
    { weight: 1, arbitrary: anything },
  ),
);
/**
 * Instrument actions: often a move of the bench's mock stage (refused while pol_scan runs, which
 * moves it), otherwise any instrument with action names of every type, junk and wrong arguments.
 */
export const instrumentAction = fc.oneof(
  { weight: 1, arbitrary: fc.record({ id: fc.constant('hwp_rotator'), action: fc.constant('move_to'), args: fc.record({ position: fc.double({ min: -10, max: 10, noNaN: true }) }) }) },
  { weight: 2, arbitrary: fc.record({ id: instrumentId, action: actionName, args: actionArgs }) },
);

export const confirmModules = fc.oneof(
  { weight: 4, arbitrary: fc.subarray([...benchModules]) },
  { weight: 1, arbitrary: fc.array(moduleId, { maxLength: 4 }) },
  { weight: 1, arbitrary: anything },
);

/** Ids of transactions this run opened (newest last), kept by the bench from BeginTransaction answers. */
export const openedTransactions: string[] = [];
const absentUuid = '00000000-0000-4000-8000-000000000000';

/** A transaction id: mostly one the run really opened (looked up when the case is sent), or junk. */
export const transactionId = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.nat(5).map((back) => {
      const pick = (): string => openedTransactions.at(-1 - back) ?? absentUuid;
      return new Raw(() => JSON.stringify(pick()), pick, 'an opened transaction');
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(absentUuid, '', 'x'.repeat(65), '../../config', ...protoLikeNames) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: anything },
);

/**
 * Confirmation windows: the valid ones last an hour, so no rollback writes the file on its own
 * while the run goes on (the observer would blame whichever call came next).
 */
const shortWindow = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 5 && v < 3600;
export const confirmTimeoutS = maybe(fc.oneof(fc.constant<unknown>(3600), fc.constantFrom<unknown>(0, 4, 3601, 5.5, -1), anything.filter((v) => !shortWindow(v))));

/**
 * Valid writes of text that broke the file before (lone surrogates, control characters, TOML
 * syntax, ~120 KB): sent with persist: true, so the observer checks the file holds them.
 */
const hostileText = fc.oneof({ weight: 30, arbitrary: nastyString }, { weight: 1, arbitrary: longString });
export const hostileAdd = fc.record({
  id: fc.constantFrom(...newIds),
  config: fc.record({ type: fc.constant('mock'), sample_rate_hz: fc.constant(5), name: hostileText }),
  persist: fc.constant(true),
});
export const hostileRename = fc.record({ id: fc.constantFrom(...benchInstruments), param: fc.constant('name'), value: hostileText, persist: fc.constant(true) });
