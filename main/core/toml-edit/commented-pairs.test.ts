/**
 * A role taken away is commented out, and assigned again it comes back on its own line with
 * its own comment; everything else in the file stays byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { commentOutValue, setValueUncommenting } from './toml-editor.js';

const SCAN = `[modules.pol_scan.roles]
  rotator  = "hwp_rotator"          # needs position control
  detector = "pm_reference"         # needs power measurement
  laser    = "ti_sapph"             # needs wavelength control

[instruments.pm_reference]          # 1830-C on the reference arm
type = "newport_1830c"
`;

describe('commenting a role out and bringing it back', () => {
  it('comments out the pair with its comment, and brings it back with a new value in place', () => {
    const out = commentOutValue(SCAN, ['modules', 'pol_scan', 'roles', 'detector']);
    expect(out.text).toBe(SCAN.replace('  detector = ', '  # detector = '));
    expect(out.value).toEqual({ modules: { pol_scan: { roles: { rotator: 'hwp_rotator', laser: 'ti_sapph' } } }, instruments: { pm_reference: { type: 'newport_1830c' } } });

    const back = setValueUncommenting(out.text, ['modules', 'pol_scan', 'roles', 'detector'], 'pm_sample');
    expect(back.text).toBe(SCAN.replace('detector = "pm_reference"   ', 'detector = "pm_sample"      '));
    // The same instrument again gives the very bytes the file had.
    expect(setValueUncommenting(out.text, ['modules', 'pol_scan', 'roles', 'detector'], 'pm_reference').text).toBe(SCAN);
  });

  it('keeps one space before the comment when the new value is longer than the old column allows', () => {
    const out = commentOutValue(SCAN, ['modules', 'pol_scan', 'roles', 'laser']).text;
    const back = setValueUncommenting(out, ['modules', 'pol_scan', 'roles', 'laser'], 'a_much_longer_laser_instrument_id');
    expect(back.text).toContain('  laser    = "a_much_longer_laser_instrument_id" # needs wavelength control\n');
  });

  it('adds the key as usual where no commented-out line of it exists, and leaves prose comments alone', () => {
    const text = '[modules.m.roles]\n# detector needs a power meter\nrotator = "r"\n';
    expect(setValueUncommenting(text, ['modules', 'm', 'roles', 'detector'], 'pm').text).toBe('[modules.m.roles]\n# detector needs a power meter\nrotator = "r"\ndetector = "pm"\n');
    // A commented-out line of another key, or of a dotted key, is not taken.
    const other = '[t]\n# detector.x = "pm"\n# rotator = "r"\n';
    expect(setValueUncommenting(other, ['t', 'detector'], 'pm').text).toBe('[t]\ndetector = "pm"\n# detector.x = "pm"\n# rotator = "r"\n');
  });

  it('deletes what cannot be commented out as one line: an inline-table entry', () => {
    const text = 'roles = { a = "x", b = "y" }\n';
    expect(commentOutValue(text, ['roles', 'a']).text).toBe('roles = { b = "y" }\n');
  });
});
