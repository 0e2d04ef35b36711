/**
 * A number that must be written as a TOML float. JS has one number type, so a whole number such
 * as 800 would be written as the integer `800`; wrapping it writes `800.0`. Existing floats
 * stay floats without it; this is for new keys and tables (re-adding a removed instrument, say).
 */
export class TomlFloat {
  readonly value: number;

  constructor(value: number) {
    this.value = value;
  }
}

/** Shorthand for `new TomlFloat(value)`. */
export function tomlFloat(value: number): TomlFloat {
  return new TomlFloat(value);
}
