import { describe, expect, it } from 'vitest';
import { CHANNEL_PREFIX, commandChannel, commandFeatures, commandNames, EVENTS_CHANNEL, isCommandName } from './command-names.js';
import { commands, daqEventSchema, eventBatchSchema } from './contract.js';

describe('command names and the contract', () => {
  it('has request and response schemas for every command name, and no schema without a name', () => {
    expect(Object.keys(commands).sort()).toEqual([...commandNames].sort());
    for (const name of commandNames) {
      expect(typeof commands[name].request.safeParse, name).toBe('function');
      expect(typeof commands[name].response.safeParse, name).toBe('function');
    }
    expect(commandNames).toEqual(
      expect.arrayContaining(['GetAppState', 'GetSettings', 'ListInstruments', 'AddInstrumentDynamic', 'RemoveInstrumentDynamic', 'UpdateInstrumentParameter']),
    );
  });

  it('derives every channel as daq:<feature>:<Command>', () => {
    expect(commandChannel('AddInstrumentDynamic')).toBe('daq:instruments:AddInstrumentDynamic');
    expect(commandChannel('GetAppState')).toBe('daq:app:GetAppState');
    expect(commandChannel('StartModule')).toBe('daq:modules:StartModule');
    for (const name of commandNames) {
      expect(commandChannel(name)).toBe(`${CHANNEL_PREFIX}${commandFeatures[name]}:${name}`);
      expect(commandChannel(name)).toMatch(/^daq:[a-z-]+:[A-Z][A-Za-z]+$/);
    }
    expect(new Set(commandNames.map(commandChannel)).size).toBe(commandNames.length);
    expect(EVENTS_CHANNEL.startsWith(CHANNEL_PREFIX)).toBe(true);
    expect(commandNames).not.toContain(EVENTS_CHANNEL);
  });

  it('recognises command names, and only own names', () => {
    expect(isCommandName('ListModules')).toBe(true);
    expect(isCommandName('listModules')).toBe(false);
    expect(isCommandName('toString')).toBe(false);
    expect(isCommandName(undefined)).toBe(false);
  });
});

describe('request schemas', () => {
  it('are strict: extra fields are refused', () => {
    expect(commands.GetAppState.request.safeParse({}).success).toBe(true);
    expect(commands.GetAppState.request.safeParse({ x: 1 }).success).toBe(false);
    expect(commands.StartModule.request.safeParse({ id: 'm', force: true }).success).toBe(false);
  });

  it('check ids, types and lengths', () => {
    const add = commands.AddInstrumentDynamic.request;
    expect(add.safeParse({ id: 'pm', config: { type: 'mock', sample_rate_hz: 1 } }).success).toBe(true);
    expect(add.safeParse({ id: 'p m', config: { type: 'mock' } }).success).toBe(false);
    expect(add.safeParse({ id: 'pm', config: { sample_rate_hz: 1 } }).success).toBe(false);
    expect(add.safeParse({ id: 'pm', config: { type: 'mock' }, persist: 'yes' }).success).toBe(false);
    const update = commands.UpdateInstrumentParameter.request;
    expect(update.safeParse({ id: 'pm', param: 'axis1.velocity', value: 3 }).success).toBe(true);
    expect(update.safeParse({ id: 'pm', param: 'x', value: { a: [1, 'b', true] } }).success).toBe(true);
    expect(update.safeParse({ id: 'pm', param: '', value: 3 }).success).toBe(false);
    expect(update.safeParse({ id: 'pm', param: 'x'.repeat(201), value: 3 }).success).toBe(false);
    expect(update.safeParse({ id: 'pm', param: 'x', value: null }).success).toBe(false);
    expect(update.safeParse({ id: 'pm', param: 'x' }).success).toBe(false);
    const assign = commands.AssignInstrumentToModule.request;
    expect(assign.safeParse({ moduleId: 'm', role: 'r'.repeat(65), instrumentId: 'i' }).success).toBe(false);
    const action = commands.InstrumentAction.request;
    expect(action.safeParse({ id: 'stage', action: 'move_to', args: { axis: 1, position: -2.5 } }).success).toBe(true);
    expect(action.safeParse({ id: 'shutter', action: 'open_shutter' }).success).toBe(true);
    expect(action.safeParse({ id: 'stage', action: 'MoveTo' }).success).toBe(false);
    expect(action.safeParse({ id: 'stage', action: 'move_to', args: { axis: [1] } }).success).toBe(false);
    expect(action.safeParse({ id: 'stage', action: 'move_to', args: { axis: null } }).success).toBe(false);
    expect(commands.GetModuleResults.request.safeParse({ moduleId: 'scan' }).success).toBe(true);
    expect(commands.GetModuleResults.request.safeParse({ moduleId: 'a b' }).success).toBe(false);
    expect(commands.ListRuns.request.safeParse({ folder: '/etc' }).success).toBe(false);
  });
});

describe('event schemas', () => {
  it('accept every event kind and refuse unknown ones', () => {
    const batch = {
      seq: 3,
      events: [
        { type: 'instruments:instrument-removed', id: 'pm' },
        { type: 'instruments:readings', readings: [{ channel: 'pm:power', value: 1e-3, unit: 'W', timestamp: 1 }] },
        { type: 'modules:module-removed', id: 'm' },
        { type: 'app:log', entry: { level: 'info', message: 'hi', time: '2024-01-01T00:00:00.000Z', source: 'core' } },
        { type: 'app:config-status-changed', config: { configPath: 'c.toml', status: 'invalid', issues: [] } },
        { type: 'modules:run-changed', run: { runId: 'r1', moduleId: 'scan', startedAt: '2026-01-01T00:00:00.000Z', state: 'running', done: 3, total: 91, file: 'scan_20260101_000000.csv' } },
        { type: 'modules:run-points', moduleId: 'scan', runId: 'r1', points: [{ index: 2, time: 1, values: { angle: 4, power: 1e-3 } }] },
      ],
    };
    expect(eventBatchSchema.safeParse(batch).success).toBe(true);
    expect(daqEventSchema.safeParse({ type: 'instruments:exploded', id: 'pm' }).success).toBe(false);
    expect(eventBatchSchema.safeParse({ seq: 1.5, events: [] }).success).toBe(false);
    expect(daqEventSchema.safeParse({ type: 'app:log', entry: { level: 'fatal', message: '', time: '', source: '' } }).success).toBe(false);
  });
});
