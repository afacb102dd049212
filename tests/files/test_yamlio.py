"""Safe YAML reading: limits, encodings, repeated keys, locations; and atomic writes."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance_check.errors import ComplianceCheckError, InputFileError, Location, OutputError
from compliance_check.files.atomic import write_atomic
from compliance_check.files.yamlio import MAX_ALIASES, dump_yaml, parse_yaml, read_yaml, write_yaml
from compliance_check.model.answers import parse_answers


def write(tmp_path: Path, content: str | bytes, name: str = "doc.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def error_for(path: Path, **options: int) -> InputFileError:
    with pytest.raises(InputFileError) as caught:
        read_yaml(path, **options)
    return caught.value


def test_records_the_location_of_every_key(tmp_path: Path) -> None:
    document = read_yaml(write(tmp_path, "a: 1\nb:\n  c: [x, y]\n"))
    assert document.data == {"a": 1, "b": {"c": ["x", "y"]}}
    assert document.locate(["b", "c", 1]) == Location(3, 10)
    assert document.locate(["b", "missing"]) == Location(2, 1)


def test_a_key_given_twice_is_an_error_naming_both_lines(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "responses:\n  GOV-01: yes\n  GOV-01: no\n"))
    assert error.location == Location(3, 3)
    assert "'GOV-01' is given twice (first at line 2)" in str(error)


def test_boolean_keys_are_refused_with_the_quoting_fix(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "points:\n  yes: 1\n"))
    assert 'put it in quotes, e.g. "yes"' in str(error)


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for level in range(1, 9):
        previous = chr(ord("a") + level - 1)
        current = chr(ord("a") + level)
        lines.append(f"{current}: &{current} [{', '.join(['*' + previous] * 9)}]")
    error = error_for(write(tmp_path, "\n".join(lines) + "\n"))
    assert f"more than {MAX_ALIASES} aliases" in str(error)


def test_a_self_referencing_alias_is_refused(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "a: &x [1, *x]\n"))
    assert "contains itself" in str(error)


def test_deep_nesting_is_refused_with_a_location(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "a: " + "[" * 60 + "]" * 60 + "\n"))
    assert "nested more than" in str(error)
    assert error.location is not None


def test_a_file_over_the_size_cap_is_refused_before_parsing(tmp_path: Path) -> None:
    path = write(tmp_path, "a: " + "x" * 2000 + "\n")
    assert "over the" in str(error_for(path, max_bytes=1000))
    assert read_yaml(path, max_bytes=3000).data["a"] == "x" * 2000


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    assert read_yaml(write(tmp_path, codecs.BOM_UTF8 + b"a: caf\xc3\xa9\n")).data == {"a": "café"}


def test_latin1_bytes_name_the_line_and_the_fix(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, b"a: ok\nb: caf\xe9\n"))
    assert error.location == Location(2, 7)
    assert "save it as UTF-8" in str(error)


def test_utf16_is_refused_with_the_fix(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, codecs.BOM_UTF16_LE + "a: 1\n".encode("utf-16-le")))
    assert "UTF-16; save it as UTF-8" in str(error)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "is empty"),
        ("- a\n- b\n", "holds a list at the top"),
        ("just text\n", "holds a single value"),
        ("a: 2024-02-30\n", "cannot read '2024-02-30' as a date; put it in quotes if it is text"),
        ("a: !!int twelve\n", "cannot read 'twelve' as a whole number; remove the tag"),
        ("a: !!python/object/apply:os.system [ls]\n", "unsupported tag"),
        ("a: !!set {x}\n", "unsupported tag"),
        ("a: b\n---\nc: d\n", "not valid YAML"),
        ("a:\n\t- b\n", "not valid YAML"),
        ('a: "\\ud800"\n', "not valid YAML"),
        ("a: b\x00\n", "character #x0000"),
    ],
)
def test_malformed_documents_give_one_clear_line(
    tmp_path: Path, content: str, expected: str
) -> None:
    error = error_for(write(tmp_path, content))
    assert expected in str(error)
    assert "\n" not in str(error)
    assert str(error).startswith(str(tmp_path))


def test_a_folder_and_a_missing_file_are_errors(tmp_path: Path) -> None:
    assert "is a folder" in str(error_for(tmp_path))
    assert "does not exist" in str(error_for(tmp_path / "nope.yaml"))


def test_merge_keys_are_resolved(tmp_path: Path) -> None:
    document = read_yaml(write(tmp_path, "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n"))
    assert document.data["other"] == {"x": 1, "y": 2}


def test_dump_quotes_words_yaml_would_read_as_booleans() -> None:
    text = dump_yaml({"answer": "yes", "other": "no", "plain": "partly"})
    assert "answer: 'yes'" in text
    assert "other: 'no'" in text
    assert "plain: partly" in text


def test_write_yaml_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"
    write_yaml(path, {"a": "yes", "b": [1, 2], "c": "é"}, header="# comment\n")
    assert path.read_text(encoding="utf-8").startswith("# comment\n")
    assert read_yaml(path).data == {"a": "yes", "b": [1, 2], "c": "é"}


def test_a_failed_write_leaves_the_existing_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "keep.yaml"
    path.write_text("original\n")

    def explode(handle: object) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(path, explode)
    assert path.read_text() == "original\n"
    assert os.listdir(tmp_path) == ["keep.yaml"]


def test_writing_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_yaml(tmp_path / "missing" / "out.yaml", {"a": 1})


def test_an_existing_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "private.yaml"
    path.write_text("a: 1\n")
    path.chmod(0o600)
    write_yaml(path, {"a": 2}, replace=True)
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "answers.yaml"
    os.mkfifo(pipe)
    assert "is not a regular file" in str(error_for(pipe))


def test_a_key_written_out_may_override_a_merged_one_but_not_another_written_one(
    tmp_path: Path,
) -> None:
    text = "base: &b {answer: 'yes', note: shared}\nGOV-04: {<<: *b, answer: partly}\n"
    assert read_yaml(write(tmp_path, text)).data["GOV-04"] == {"answer": "partly", "note": "shared"}
    twice = "base: &b {note: shared}\nGOV-04: {<<: *b, answer: 'yes', answer: 'no'}\n"
    assert "'answer' is given twice" in str(error_for(write(tmp_path, twice, "twice.yaml")))


TAGS = [
    *(f"!!{name}" for name in ("float", "int", "bool", "null", "binary", "timestamp", "str")),
    *(f"!!{name}" for name in ("map", "seq", "set", "omap", "pairs", "merge", "value", "yaml")),
    "!<tag:yaml.org,2002:float>",
    "!!python/object:os.system",
    "!!python/name:os.system",
    "!local",
    "!",
    "",
]
SCALARS = st.one_of(
    st.sampled_from(["", "~", "0x1G", "1e999", "-.inf", ".nan", "2024-02-30", "9" * 5000, "=="]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tag=st.sampled_from(TAGS),
    value=SCALARS,
    style=st.sampled_from(["{}", "'{}'", "[{}]", "{{k: {}}}"]),
)
def test_any_tag_on_any_value_is_read_or_refused_as_our_own_error(
    tag: str, value: str, style: str
) -> None:
    text = f"x: {tag} {style.format(value)}\n"
    try:
        document = parse_yaml(text, Path("fuzz.yaml"))
        parse_answers(document)
    except ComplianceCheckError:
        pass


YAML_ALPHABET = st.sampled_from([*"ab1:-?[]{},&*!|>'\"#%@` \n\t.~=", "!!float", "<<", "- "])


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(YAML_ALPHABET, max_size=40))
def test_any_small_document_is_read_or_refused_as_our_own_error(pieces: list[str]) -> None:
    try:
        document = parse_yaml("".join(pieces), Path("fuzz.yaml"))
        parse_answers(document)
    except ComplianceCheckError:
        pass


def test_aliases_cannot_expand_a_document_past_its_size_limit(tmp_path: Path) -> None:
    note = "x" * 40_000
    aliases = "".join(f"  k{i}: *big\n" for i in range(150))
    path = write(tmp_path, f"big: &big {note}\nmore:\n{aliases}")
    error = error_for(path, max_bytes=1_000_000)
    assert "expands to more than 1,000,000 characters through its aliases" in str(error)
    assert error.location is not None
    # The same file within its limit once written out: a few aliases of a small value are fine.
    assert read_yaml(write(tmp_path, "a: &v text\nb: *v\n")).data == {"a": "text", "b": "text"}


def test_a_huge_number_gets_our_advice_not_pythons(tmp_path: Path) -> None:
    error = error_for(write(tmp_path, "a: " + "9" * 5000 + "\n"))
    assert "set_int_max_str_digits" not in str(error)
    assert "cannot read '9999" in str(error) and "put it in quotes" in str(error)
    assert len(str(error)) < 200


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"", "is empty"), (codecs.BOM_UTF16_LE + "a: 1".encode("utf-16-le"), "UTF-16")],
)
def test_whole_file_problems_are_placed_at_line_1(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    error = error_for(write(tmp_path, content))
    assert error.location == Location(1, 1) and expected in str(error)


@pytest.mark.parametrize(
    ("text", "where", "hint"),
    [
        (
            "authority: X\nrespondent:\n  role: other\n assessed_on: 2026-11-25\n",
            4,
            "check the indentation of this line (indented 1) and of the line before (line 3, "
            "indented 2), and that each key ends with a colon",
        ),
        (
            "authority: X\nnote is here\n\nrole: other\n",
            4,
            "check the indentation of this line (indented 0) and of the line before (line 2, "
            "indented 0), and that each key ends with a colon",
        ),
    ],
)
def test_a_bad_indent_says_what_to_check_and_where_the_line_before_is(
    tmp_path: Path, text: str, where: int, hint: str
) -> None:
    with pytest.raises(InputFileError) as caught:
        parse_yaml(text, tmp_path / "a.yaml")
    message = str(caught.value)
    assert hint in message
    # Where, never what: the text of the file stays out of the message.
    assert "other" not in message and "note is here" not in message
    assert caught.value.location is not None and caught.value.location.line == where


@pytest.mark.parametrize(
    ("written", "location", "shown"),
    [
        ("note: b \ufdd0 x\n", Location(2, 9), "holds U+FDD0, a non-character"),
        ("note: ok\nname: \U0001ffff\n", Location(3, 7), "holds U+1FFFF, a non-character"),
        ('note: "b \\uFDD0 x"\n', Location(2, 7), "holds U+FDD0 at character 3, a non-char"),
        ('note: "\\U0010FFFE"\n', Location(2, 7), "holds U+10FFFE at character 1, a non-char"),
    ],
)
def test_a_non_character_written_or_escaped_is_refused_where_it_is(
    tmp_path: Path, written: str, location: Location, shown: str
) -> None:
    error = error_for(write(tmp_path, "checklist: x\n" + written))
    assert error.location == location
    assert error.message.startswith(shown)
