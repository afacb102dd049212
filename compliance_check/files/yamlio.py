"""The one place that reads and writes YAML: safe loading, limits, locations and atomic writes."""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compliance_check.errors import InputFileError, Location
from compliance_check.files.atomic import write_text_atomic
from compliance_check.visible import is_hidden, no_character, no_character_at

try:  # libyaml is several times faster; the pure-Python loader gives the same results.
    from yaml import CSafeDumper as _BaseDumper
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Our documents nest about six levels; anything far deeper is an attack or an accident.
MAX_DEPTH = 40
# Anchors and aliases have no use in an answers file; a few are tolerated for hand-written
# checklists, while an alias bomb needs thousands.
MAX_ALIASES = 200

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
# Keys that PyYAML's flatten_mapping rewrites: '<<' merges, and '=' (the value key) becomes text.
_FLATTENED_TAGS = frozenset((_MERGE_TAG, "tag:yaml.org,2002:value"))
# Tags whose safe constructor returns a value outright (the collection ones are generators).
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "binary", "timestamp")
)
_TAG_NAMES = {
    "tag:yaml.org,2002:null": "empty",
    "tag:yaml.org,2002:bool": "a true/false value",
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:binary": "base64 data",
    "tag:yaml.org,2002:timestamp": "a date",
}
# What a quoted value may show of a file's content: enough to find it, never a whole line of
# a file that was not meant to be read (a link to /etc/shadow, say).
QUOTE_LIMIT = 40
# A key worth quoting back looks like one: short words, digits, hyphens and underscores.
# Anything else (a line of a password file) is described, not quoted.
_KEY_LIKE = re.compile(r"[\w .\-]{1,40}")
_FOREIGN_BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML mapping with the source location of every key and value in it."""

    path: Path
    data: dict[str, Any]
    # Where every key and value starts (0-based); Locations are made only for the few asked for.
    marks: dict[KeyPath, Mark] = field(repr=False)
    # Plain scalars that YAML read as something other than text (no, 0, 2024-01-01, ~), as
    # written: a text field takes them back word for word instead of a bool, number or null.
    written: dict[KeyPath, str] = field(default_factory=dict, repr=False)

    def locate(self, key_path: Iterable[str | int]) -> Location | None:
        """The location of the deepest node on ``key_path`` that exists in the file."""
        parts = tuple(key_path)
        for end in range(len(parts), -1, -1):
            found = self.marks.get(parts[:end])
            if found is not None:
                return _location(found)
        return None


def _location(mark: Mark) -> Location:
    return Location(mark.line + 1, mark.column + 1)


def quoted(text: str) -> str:
    """``text`` in quotes, cut to what an error message may show of a file's content."""
    return repr(text if len(text) <= QUOTE_LIMIT else text[:QUOTE_LIMIT] + "…")


def quoted_key(key: str) -> str:
    """A key for a message: quoted when it looks like a key, else only described.

    A file that is not an answers file at all (a link to a password file) must not have its
    lines copied into an error message, a workbook or a log.
    """
    if _KEY_LIKE.fullmatch("".join(ch for ch in key if not is_hidden(ch))):
        return quoted(key)
    return f"of {len(key)} characters that no file of this kind has (not shown)"


def _kind(value: object) -> str:
    names = {bool: "a true/false value", int: "a number", float: "a number", type(None): "empty"}
    return names.get(type(value), type(value).__name__)


class _Builder:
    """Turns a composed node tree into Python objects, enforcing our limits on the way.

    PyYAML's own constructor silently keeps the last of two equal keys and expands aliases
    without limit; here a repeated key is an error, aliases are counted, and the text the
    document expands to is capped: 200 aliases of one 4 MB value would be 800 MB.
    """

    def __init__(self, loader: Any, path: Path, max_chars: int) -> None:
        self.loader = loader
        self.path = path
        self.max_chars = max_chars
        self.chars = 0
        self.marks: dict[KeyPath, Mark] = {}
        self.written: dict[KeyPath, str] = {}
        self.seen: set[int] = set()
        self.open: set[int] = set()
        self.aliases = 0

    def fail(self, node: Node, message: str) -> InputFileError:
        return InputFileError(message, path=self.path, location=_location(node.start_mark))

    def build(self, node: Node, key_path: KeyPath, depth: int, at: Mark | None = None) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(
                node,
                f"nested more than {MAX_DEPTH} levels deep; this is not a compliance-check file",
            )
        node_id = id(node)
        if node_id in self.seen:  # an alias, or a cycle when the node is still being built
            if node_id in self.open:
                raise self.fail(node, "contains itself through an alias (a cycle); write it out")
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise self.fail(
                    node,
                    f"uses more than {MAX_ALIASES} aliases (*name); write the values out instead",
                )
        else:
            self.seen.add(node_id)
        # A mapping entry is located at its key, where a reader looks for it.
        self.marks[key_path] = at or node.start_mark
        if isinstance(node, ScalarNode):
            self.chars += len(node.value)
            if self.chars > self.max_chars:
                raise self.fail(
                    node,
                    f"expands to more than {self.max_chars:,} characters through its aliases "
                    "(*name); write the values out instead",
                )
            value = self.build_scalar(node)
            if not node.style and not isinstance(value, str) and node.value:
                self.written[key_path] = node.value
            return value
        self.open.add(node_id)
        try:
            if isinstance(node, SequenceNode):
                if node.tag != _SEQ_TAG:
                    raise self.fail(node, f"unsupported tag {node.tag}; remove it")
                return [
                    self.build(item, (*key_path, index), depth + 1)
                    for index, item in enumerate(node.value)
                ]
            assert isinstance(node, MappingNode)  # PyYAML has no fourth kind of node
            return self.build_mapping(node, key_path, depth)
        finally:
            self.open.discard(node_id)

    def build_scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        try:
            # Plain text, the bulk of every file, needs no constructor: PyYAML's returns
            # node.value as it is. The other scalar types skip construct_object's caching.
            if tag == _STR_TAG:
                value = node.value
            elif tag in _SCALAR_TAGS:
                value = self.loader.yaml_constructors[tag](self.loader, node)
            else:
                value = self.loader.construct_object(node)
        except yaml.constructor.ConstructorError as error:
            # PyYAML's problem names the tag it cannot construct; it never quotes the file.
            raise self.fail(node, f"cannot read this value: {error.problem}") from error
        except Exception as error:
            # Each of PyYAML's constructors fails its own way on a value it cannot read (an
            # empty !!float, a 5,000-digit int, a !!binary that is not base64): all one case.
            kind = _TAG_NAMES.get(tag, f"tag {tag}")
            implicit = not node.style and tag == self.loader.resolve(
                ScalarNode, node.value, (True, False)
            )
            fix = "put it in quotes if it is text" if implicit else "remove the tag"
            raise self.fail(node, f"cannot read {quoted(node.value)} as {kind}; {fix}") from error
        # Only an escape can make half a character; the raw text was checked as a whole.
        if node.style == '"' and isinstance(value, str) and (problem := no_character(value)):
            raise self.fail(node, problem)
        return value

    def build_mapping(self, node: MappingNode, key_path: KeyPath, depth: int) -> dict[str, Any]:
        if node.tag != _MAP_TAG:
            raise self.fail(node, f"unsupported tag {node.tag}; remove it")
        if any(key_node.tag in _FLATTENED_TAGS for key_node, _ in node.value):
            return self.build_merged(node, key_path, depth)
        # Nearly every mapping: keys written out, none merged; the first of a key is located
        # at its mark (self.marks), which is all a repeated key's message needs.
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.build_key(key_node)
            inner = (*key_path, key)
            if key in result:
                raise self.repeated(key_node, key, self.marks[inner])
            result[key] = self.build(value_node, inner, depth + 1, key_node.start_mark)
        return result

    def build_merged(self, node: MappingNode, key_path: KeyPath, depth: int) -> dict[str, Any]:
        written = sum(1 for key_node, _ in node.value if key_node.tag != _MERGE_TAG)
        try:
            self.loader.flatten_mapping(node)  # resolves '<<' merge keys
        except yaml.YAMLError as error:
            raise self.fail(
                node, f"cannot merge keys: {getattr(error, 'problem', error)}"
            ) from error
        # flatten_mapping puts the merged entries first; a key written out may override one of
        # them (that is what a merge is for), but two keys written out are a mistake.
        merged = len(node.value) - written
        result: dict[str, Any] = {}
        first_seen: dict[str, Mark] = {}
        merged_keys: set[str] = set()
        for index, (key_node, value_node) in enumerate(node.value):
            key = self.build_key(key_node)
            if key in first_seen and index >= merged and key not in merged_keys:
                raise self.repeated(key_node, key, first_seen[key])
            if index < merged:
                merged_keys.add(key)
            else:
                merged_keys.discard(key)
            first_seen[key] = key_node.start_mark
            result[key] = self.build(value_node, (*key_path, key), depth + 1, first_seen[key])
        return result

    def build_key(self, key_node: Node) -> str:
        if not isinstance(key_node, ScalarNode):
            raise self.fail(key_node, "a key must be plain text, not a list or mapping")
        key = self.build_scalar(key_node)
        if not isinstance(key, str):
            raise self.fail(
                key_node,
                f"key {quoted(key_node.value)} was read as {_kind(key)}; "
                f'keys must be text: put it in quotes, e.g. "{key_node.value[:40]}"',
            )
        return key

    def repeated(self, key_node: Node, key: str, first: Mark) -> InputFileError:
        return self.fail(
            key_node,
            f"key {quoted_key(key)} is given twice (first at line "
            f"{first.line + 1}); keep one, or the first would be lost",
        )


def _decode(raw: bytes, path: Path) -> str:
    for bom, name in _FOREIGN_BOMS.items():
        if raw.startswith(bom):
            raise InputFileError(
                f"is encoded as {name}; save it as UTF-8", path=path, location=Location(1, 1)
            )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise InputFileError(
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x}); save it as UTF-8",
            path=path,
            location=Location(line, column),
        ) from error


# What PyYAML says when a line is indented wrongly or a key lacks its colon.
_LAYOUT_PROBLEMS = (
    "did not find expected key",
    "could not find expected ':'",
    "mapping values are not allowed here",
    "expected <block end>",
)


def _layout_hint(text: str, line: int) -> str:
    """What to check, and where the line before starts: often where the slip is.

    Only line numbers and indents are given, never the text: a file may not be what it seems
    (a link to a private file), and its content stays out of messages.
    """
    rows = text.splitlines()
    here = len(rows[line]) - len(rows[line].lstrip(" ")) if line < len(rows) else 0
    hint = "; check the indentation of this line (indented {here}) and of the line before{at}, "
    at = ""
    for number in range(min(line, len(rows)) - 1, -1, -1):
        if rows[number].strip():
            before = len(rows[number]) - len(rows[number].lstrip(" "))
            at = f" (line {number + 1}, indented {before})"
            break
    return hint.format(here=here, at=at) + "and that each key ends with a colon"


def parse_yaml(text: str, path: Path, *, max_chars: int | None = None) -> YamlDocument:
    """Parse ``text`` (the content of ``path``) as one YAML document that must be a mapping.

    Its scalars may expand through aliases to ``max_chars`` characters at most (by default the
    length of ``text``, as if every alias had been written out).
    """
    at = no_character_at(text)
    if at is not None:
        before = text[:at]
        raise InputFileError(
            no_character(text[at:], position=False) or "",
            path=path,
            location=Location(before.count("\n") + 1, at - before.rfind("\n")),
        )
    loader = _BaseLoader(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.reader.ReaderError as error:
            before = text[: error.position]
            location = Location(before.count("\n") + 1, len(before) - before.rfind("\n"))
            raise InputFileError(
                f"contains character #x{error.character:04x}, which YAML does not allow; remove it",
                path=path,
                location=location,
            ) from error
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            where = Location(mark.line + 1, mark.column + 1) if mark else None
            problem = error.problem or error.context or "invalid YAML"
            if mark is not None and problem.startswith(_LAYOUT_PROBLEMS):
                problem += _layout_hint(text, mark.line)
            raise InputFileError(
                f"is not valid YAML: {problem}", path=path, location=where
            ) from error
        except yaml.YAMLError as error:
            raise InputFileError(f"is not valid YAML: {error}", path=path) from error
        except RecursionError as error:
            raise InputFileError("is nested too deeply to be read", path=path) from error
        if root is None:
            raise InputFileError(
                "is empty; expected a YAML mapping (key: value lines)",
                path=path,
                location=Location(1, 1),
            )
        builder = _Builder(loader, path, len(text) if max_chars is None else max_chars)
        if not isinstance(root, MappingNode):
            kind = "a list" if isinstance(root, SequenceNode) else "a single value"
            raise builder.fail(
                root, f"holds {kind} at the top; expected a mapping (key: value lines)"
            )
        data = builder.build(root, (), 0)
        return YamlDocument(path=path, data=data, marks=builder.marks, written=builder.written)
    finally:
        loader.dispose()


def read_input(path: Path, *, max_bytes: int, follow_links: bool = True) -> bytes:
    """The bytes of the input file ``path``, at most ``max_bytes``; failures are InputFileError.

    Without ``follow_links`` a symbolic link is refused, checked as the file is opened.
    """
    # O_NOFOLLOW refuses the link at open itself: no window in which it could be swapped in.
    flags = os.O_RDONLY | (0 if follow_links else os.O_NOFOLLOW)
    with contextlib.suppress(OSError):  # open() below names any problem reaching the file
        mode = os.stat(path).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            # Opening a named pipe would wait for a writer forever.
            raise InputFileError(
                "is not a regular file (a pipe, socket or device); remove it", path=path
            )
    try:
        with open(path, "rb", opener=lambda name, _: os.open(name, flags)) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise InputFileError(
                    f"is {size / 1_048_576:.1f} MB, over the {max_bytes / 1_048_576:g} MB limit; "
                    "raise it with --max-file-size if the file is genuine",
                    path=path,
                )
            # Asked for max_bytes at once, Python would allocate (and free) that much for
            # every file; a file that grew since fstat is read on, to the limit.
            raw = handle.read(size + 1)
            if len(raw) > size:
                raw += handle.read(max_bytes + 1 - len(raw))
    except IsADirectoryError as error:
        raise InputFileError("is a folder, not a file", path=path) from error
    except FileNotFoundError as error:
        raise InputFileError("does not exist; check the name and folder", path=path) from error
    except PermissionError as error:
        raise InputFileError("cannot be read: permission denied", path=path) from error
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_links:
            raise InputFileError(
                "is a symbolic link, which is not followed: copy the file itself here, or "
                "pass --follow-links to read through links",
                path=path,
            ) from error
        raise InputFileError(f"cannot be read: {error.strerror or error}", path=path) from error
    if len(raw) > max_bytes:
        raise InputFileError(f"is over the {max_bytes / 1_048_576:g} MB limit", path=path)
    return raw


def read_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, follow_links: bool = True) -> str:
    """The UTF-8 text of a regular file within ``max_bytes``; every failure an InputFileError."""
    return _decode(read_input(path, max_bytes=max_bytes, follow_links=follow_links), path)


def read_yaml(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, follow_links: bool = True
) -> YamlDocument:
    """Read and parse the YAML mapping in ``path``; every failure is an InputFileError.

    Without ``follow_links`` a symbolic link is refused, checked as the file is opened.
    """
    text = read_text(path, max_bytes=max_bytes, follow_links=follow_links)
    return parse_yaml(text, path, max_chars=max_bytes)


def dump_yaml(data: dict[str, Any]) -> str:
    """Render ``data`` as block-style YAML, keeping key order and quoting yes/no-like strings."""
    return yaml.dump(
        data,
        Dumper=_BaseDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )


def write_yaml(
    path: Path, data: dict[str, Any], *, header: str = "", replace: bool = False
) -> None:
    """Write ``data`` (after an optional comment ``header``) to ``path`` atomically; an
    existing file is replaced only with ``replace``."""
    write_text_atomic(path, header + dump_yaml(data), replace=replace)
