/**
 * The format-preserving TOML editor: decode a TOML file strictly, edit it without touching a
 * byte outside the edited spans, and prove every edit before anyone writes it. It knows TOML,
 * not what a DAQ config is, and it does no file I/O (the app's persistence does). README.md
 * beside this file says what it guarantees.
 *
 * Typical edit of one value:
 *
 * ```ts
 * const file = loadTomlBytes(bytes);                       // text, bom, eol, dialect
 * const out = setValue(file.text, ['instruments', 'laser', 'power'], 25,
 *   { dialect: file.dialect, eol: file.eol });
 * const newBytes = encodeTomlText(out.text, file.bom);     // out.spans: what changed
 * ```
 *
 * A caller that edits the same file repeatedly passes one {@link TomlDocumentCache} as `cache`
 * to every edit: an edit of exactly the text the previous edit produced then starts without
 * parsing it.
 */
export {
  decodeTomlBytes,
  detectLineEnding,
  encodeTomlText,
  loadTomlBytes,
  parseTomlDocument,
  parseTomlText,
  type DecodedToml,
  type LineEnding,
  type ParsedTomlText,
  type TomlDialect,
} from './toml-text.js';
export {
  addTable,
  commentOutValue,
  removeTable,
  removeValue,
  setValue,
  setValueUncommenting,
  type AddTableOptions,
  type EditResult,
  type RemoveTableOptions,
  type SetValueOptions,
} from './toml-editor.js';
export type { EditOptions } from './edit-context.js';
export { TomlDocumentCache } from './document-cache.js';
export type { KeyPath } from './document-index.js';
export { composeSpans, type EditSpan } from './text-edits.js';
export {
  assertEditVerified,
  TomlVerificationError,
  verifyEdit,
  type VerifyCheck,
  type VerifyEditInput,
  type VerifyEditResult,
  type VerifyFailure,
} from './verify-edit.js';
export { diffValues, type EqualityOptions, type ValueDiff } from './value-equality.js';
export { documentValue, plainDocumentValue, plainScalar, type PlainScalar, type PlainTable, type PlainValue } from './document-value.js';
export { TomlDateTime, type TomlDateTimeKind } from './toml-datetime.js';
export { TomlFloat, tomlFloat } from './toml-float.js';
export type { TomlInputValue } from './toml-serialize.js';
export { compareTagged, toTaggedJson, type TaggedScalar, type TaggedTable, type TaggedType, type TaggedValue } from './tagged-json.js';
export { formatKeyPath, TomlDecodeError, TomlEditError, TomlSyntaxError } from './errors.js';
export { MAX_TOML_NESTING, MAX_TOML_TOKEN_LENGTH } from './toml-limits.js';
