/**
 * What a YAML syntax error means, by the `yaml` package's error code. Messages are fixed text on
 * purpose: the library's own messages sometimes quote the source (a scalar, a tag, an escape), and
 * the source line of a config file can hold a literal key. Only the position is reported.
 */
import type { YAMLError } from "yaml";

const MESSAGES: Record<string, string> = {
  ALIAS_PROPS: "an alias cannot carry an anchor or a tag",
  BAD_ALIAS: "this alias is not valid",
  BAD_COLLECTION_TYPE: "the tag does not fit this kind of collection",
  BAD_DIRECTIVE: "unknown or malformed % directive",
  BAD_DQ_ESCAPE: "invalid escape sequence in a double-quoted string",
  BAD_INDENT: "bad indentation, or a flow collection ({…} or […]) that is not closed",
  BAD_PROP_ORDER: "anchors and tags must come after the indicator",
  BAD_SCALAR_START: "a plain value cannot start with this character (quote the value)",
  BLOCK_AS_IMPLICIT_KEY: "a nested mapping cannot be a key here (missing a newline or quotes?)",
  BLOCK_IN_FLOW: "block syntax is not allowed inside {…} or […]",
  DUPLICATE_KEY: "duplicate key: each key may appear once in a mapping",
  IMPOSSIBLE: "the YAML parser could not make sense of this",
  KEY_OVER_1024_CHARS: "an implicit key is longer than 1024 characters",
  MISSING_CHAR: "a character is missing: a comma, a colon, a closing bracket or a closing quote",
  MULTILINE_IMPLICIT_KEY: "an implicit key must fit on one line (missing a colon or a quote?)",
  MULTIPLE_ANCHORS: "a node can have only one anchor",
  MULTIPLE_DOCS: "the file holds more than one YAML document (---); a config is one document",
  MULTIPLE_TAGS: "a node can have only one tag",
  NON_STRING_KEY: "keys must be strings",
  TAB_AS_INDENT: "tabs cannot indent YAML; use spaces",
  TAG_RESOLVE_FAILED: "unknown tag (a config uses plain YAML: no ! tags)",
  UNEXPECTED_TOKEN: "unexpected character or token here",
};

/** A source-free description of a YAML error, for `line L, column C: …` problems. */
export function describeYamlError(error: YAMLError): string {
  return `${MESSAGES[error.code] ?? "YAML syntax error"} (${error.code})`;
}
