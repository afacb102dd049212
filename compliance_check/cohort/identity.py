"""Who is who in a cohort: authorities by code or folded name, and the spellings to check.

Names fold by Unicode's confusable skeleton (``files.text.identity_fold``): look-alike letters,
dashes and apostrophes do not split a council in two, nor let a spoof stand apart. What was
folded, and names and codes that disagree, are listed with the reason for the regional body
to check: on the Conflicts sheet and in the JSON, not only on the terminal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from compliance_check.cohort.records import Scored
from compliance_check.files.text import identity_fold, mixed_scripts, name_order
from compliance_check.files.yamlio import quoted


class IdentityReason(StrEnum):
    """Why names or codes are listed for checking."""

    LOOK_ALIKE = "look-alike"  # spellings that differ but fold to one name
    MIXED_SCRIPTS = "mixed-scripts"  # a name mixing letters of several scripts
    CODE_NAMES = "code-names"  # one ONS/GSS code given with names that differ
    NAME_CODES = "name-codes"  # one name given with several codes


class Subject(StrEnum):
    """Whose identity: an authority's or a respondent's."""

    AUTHORITY = "authority"
    RESPONDENT = "respondent"


LABEL = {
    (IdentityReason.LOOK_ALIKE, Subject.AUTHORITY): "Names that look alike: counted as one "
    "authority",
    (IdentityReason.LOOK_ALIKE, Subject.RESPONDENT): "Respondent names that look alike: counted "
    "as one respondent",
    (IdentityReason.MIXED_SCRIPTS, Subject.AUTHORITY): "Authority name mixing scripts (letters "
    "that look alike)",
    (IdentityReason.MIXED_SCRIPTS, Subject.RESPONDENT): "Respondent name mixing scripts (letters "
    "that look alike)",
    (IdentityReason.CODE_NAMES, Subject.AUTHORITY): "One code given with different names: "
    "counted as the code's authority",
    (IdentityReason.NAME_CODES, Subject.AUTHORITY): "One name given with several codes: each "
    "code counted as an authority of its own",
}


@dataclass(frozen=True)
class IdentityConflict:
    """Names or codes that the regional body should check, and the files that gave them."""

    reason: IdentityReason
    subject: Subject
    names: tuple[str, ...]  # as written, one per spelling
    codes: tuple[str, ...]  # the ONS/GSS codes involved, if any
    files: tuple[str, ...]  # the first file of each spelling or code

    @property
    def label(self) -> str:
        """The check and how it was counted, in a few words."""
        return LABEL[self.reason, self.subject]

    @property
    def message(self) -> str:
        """One line for the terminal: what was found and what to check."""
        names = ", ".join(quoted(name) for name in self.names)
        if self.reason is IdentityReason.LOOK_ALIKE:
            return (
                f"{names} look alike and count as one {self.subject.value}: check how each was "
                f"typed ({', '.join(self.files)})"
            )
        if self.reason is IdentityReason.MIXED_SCRIPTS:
            found = mixed_scripts(self.names[0]) or names
            return f"{', '.join(self.files)}: {found}"
        if self.reason is IdentityReason.CODE_NAMES:
            return (
                f"{self.codes[0]} is given with {len(self.names)} names ({names}); they count as "
                "one authority: check the code in each file"
            )
        return (
            f"{names} is given with {len(self.codes)} codes ({', '.join(self.codes)}); each "
            "code counts as an authority of its own: check the code in each file"
        )


def authority_keys(records: Sequence[Scored]) -> dict[str, str]:
    """Each file's authority identity: its ONS/GSS code, or its name folded.

    A file without a code joins the authority whose coded files use the same name (folded),
    when exactly one code goes with that name; a spoof cannot stand apart by leaving it out.
    """
    codes: dict[str | None, set[str]] = defaultdict(set)
    for record in records:
        if record.authority_code is not None:
            codes[identity_fold(record.authority)].add(record.authority_code)
    keys: dict[str, str] = {}
    for record in records:
        folded = identity_fold(record.authority)
        named = codes.get(folded, set())
        if record.authority_code is not None:
            keys[record.path] = record.authority_code
        elif len(named) == 1:
            keys[record.path] = next(iter(named))
        else:
            keys[record.path] = f"name:{folded}"
    return keys


def identity_conflicts(
    records: Sequence[Scored], authority_of: dict[str, str]
) -> tuple[IdentityConflict, ...]:
    """Every look-alike spelling folded, name mixing scripts, and name and code disagreeing."""
    found = [
        *_look_alikes(
            Subject.AUTHORITY, ((identity_fold(r.authority), r.authority, r) for r in records)
        ),
        *_look_alikes(
            Subject.RESPONDENT,
            (
                ((authority_of[r.path], identity_fold(r.name)), r.name, r)
                for r in records
                if r.name is not None
            ),
        ),
        *_mixed(records),
        *_codes_and_names(records),
    ]
    return tuple(found)


def _look_alikes(
    subject: Subject, named: Iterable[tuple[object, str, Scored]]
) -> list[IdentityConflict]:
    # Spellings that differ only in case and spacing are typing, not look-alikes.
    spellings: dict[object, dict[str, tuple[str, str]]] = defaultdict(dict)
    for key, name, record in named:
        spellings[key].setdefault(name_order(name), (name, record.path))
    return [
        IdentityConflict(
            IdentityReason.LOOK_ALIKE,
            subject,
            tuple(name for name, _ in found.values()),
            (),
            tuple(path for _, path in found.values()),
        )
        for found in spellings.values()
        if len(found) > 1
    ]


def _mixed(records: Sequence[Scored]) -> list[IdentityConflict]:
    files: dict[tuple[Subject, str], list[str]] = defaultdict(list)
    for record in records:
        files[Subject.AUTHORITY, record.authority].append(record.path)
        if record.name is not None:
            files[Subject.RESPONDENT, record.name].append(record.path)
    return [
        IdentityConflict(IdentityReason.MIXED_SCRIPTS, subject, (name,), (), tuple(paths))
        for (subject, name), paths in files.items()
        # Scripts are looked up once per name, not once per file.
        if mixed_scripts(name) is not None
    ]


def _codes_and_names(records: Sequence[Scored]) -> list[IdentityConflict]:
    names: dict[str, dict[str | None, tuple[str, str]]] = defaultdict(dict)
    codes: dict[str | None, dict[str, tuple[str, str]]] = defaultdict(dict)
    for record in records:
        if record.authority_code is not None:
            folded = identity_fold(record.authority)
            names[record.authority_code].setdefault(folded, (record.authority, record.path))
            codes[folded].setdefault(record.authority_code, (record.authority, record.path))
    found = [
        IdentityConflict(
            IdentityReason.CODE_NAMES,
            Subject.AUTHORITY,
            tuple(name for name, _ in spellings.values()),
            (code,),
            tuple(path for _, path in spellings.values()),
        )
        for code, spellings in names.items()
        if len(spellings) > 1
    ]
    found += [
        IdentityConflict(
            IdentityReason.NAME_CODES,
            Subject.AUTHORITY,
            (next(iter(given.values()))[0],),
            tuple(given),
            tuple(path for _, path in given.values()),
        )
        for given in codes.values()
        if len(given) > 1
    ]
    return found
