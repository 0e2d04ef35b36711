/**
 * Where a port or path may wrap: after each "/" and ":" ("sim://newport_1830c/" "sample",
 * "/dev/" "serial/" "by-id/" …), never inside a name. A run of separators stays together.
 */
export function pathSegments(text: string): string[] {
  return text.split(/(?<=[/:])(?![/:])/);
}
