/**
 * Config texts for benchmarks: a typical bench (the size of the shipped default) and a large
 * one of about 5,000 lines, both made of software sources so no hardware is involved.
 */
const header = (debounceMs: number): string => `# Benchmark bench
log_level = "info"

[application]
broadcast_channel_capacity = 1024   # fan-out queue depth
command_channel_capacity   = 32

[application.dynamic_config]
enable_persistence     = true
enable_hot_reload      = true
hot_reload_debounce_ms = ${debounceMs}

[storage]
default_path   = "data_output"
default_format = "csv"
`;

function instrument(i: number): string {
  return `
# source ${i}: a software stand-in for a power meter
[instruments.src_${i}]
type = "mock"
name = "Source ${i}"
profile = "power_meter"
sample_rate_hz = 1.0            # Hz
amplitude = 1.0
`;
}

/** A config of about `lines` lines (each instrument takes eight). */
export function benchConfig(lines: number, debounceMs = 500): string {
  const count = Math.max(1, Math.round((lines - 16) / 8));
  let text = header(debounceMs);
  for (let i = 0; i < count; i += 1) text += instrument(i);
  return text;
}

export function lineCount(text: string): number {
  return text.split('\n').length;
}
