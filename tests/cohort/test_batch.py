"""Batch scoring: finding files, rejecting bad ones, duplicates, versions, and cohort figures."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from compliance_check.codes import ConflictPolicy
from compliance_check.cohort import workers
from compliance_check.cohort.batch import score_many
from compliance_check.cohort.discovery import discover
from compliance_check.cohort.records import Rejected
from compliance_check.cohort.stats import CohortResult, summarise
from compliance_check.cohort.workers import cohort_checklists
from compliance_check.errors import ChecklistError, InputFileError
from compliance_check.files.yamlio import YamlDocument
from compliance_check.model.answers import AnswersFile, Role, RoleGroup, save_answers
from compliance_check.model.baselines import printed_figure
from compliance_check.model.checklist import Answer, Checklist, load_checklist
from compliance_check.model.scoring import Rag
from tests.conftest import MINI_CHECKLIST, answers_for

NA = {"answer": "not_applicable", "note": "We hold no such records."}
LINK_REFUSED = (
    "is a symbolic link, which is not followed: copy the file itself here, or pass "
    "--follow-links to read through links"
)

# The mini checklist weighs AA-01 2 (must), AA-02 1, BB-01 3, BB-02 2 (must); partly earns half.
# file: authority, type, respondent, role, answers
KNOWN: dict[str, tuple[str, str, str, str, dict[str, Any]]] = {
    "north/ann.yaml": (
        "North Council",
        "district",
        "Ann",
        "chief_executive",
        {"AA-01": "yes", "AA-02": "yes", "BB-01": "yes", "BB-02": "yes"},
    ),
    "north/bob.yaml": (
        "North Council",
        "district",
        "Bob",
        "departmental_staff",
        {"AA-01": "no", "AA-02": "partly", "BB-01": "yes", "BB-02": "yes"},
    ),
    "south/cy.yml": (
        "South Council",
        "county",
        "Cy",
        "it_staff",
        {"AA-01": "yes", "AA-02": NA, "BB-01": "partly", "BB-02": "no"},
    ),
    "south/deep/di.yaml": (
        "south  council",  # the same authority, typed differently
        "county",
        "Di",
        "departmental_manager",
        {"AA-01": "yes", "AA-02": "no", "BB-01": "yes"},
    ),
    "ed.yaml": (
        "East Council",
        "unitary",
        "Ed",
        "information_governance",
        {"AA-01": "partly", "AA-02": "yes", "BB-01": "no", "BB-02": "dont_know"},
    ),
}
# Scores: earned / possible (8, or 7 when AA-02 does not apply).
SCORES = {
    "north/ann.yaml": 100.0,
    "north/bob.yaml": 100 * (0 + 0.5 + 3 + 2) / 8,  # 68.75
    "south/cy.yml": 100 * (2 + 1.5 + 0) / 7,  # 50.0
    "south/deep/di.yaml": 100 * (2 + 0 + 3 + 0) / 8,  # 62.5
    "ed.yaml": 100 * (1 + 1 + 0 + 0) / 8,  # 25.0
}


def write(folder: Path, name: str, answered: Checklist, **header: Any) -> Path:
    """Write one answers file at ``folder/name``, creating its folders."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    responses = header.pop("responses", {})
    save_answers(path, answers_for(answered, responses, **header))
    return path


def write_known_cohort(folder: Path, mini: Checklist) -> dict[str, Path]:
    """The KNOWN cohort, plus Di's file sent again (same answers) and a file that is not YAML."""
    paths = {}
    for name, (authority, kind, person, role, responses) in KNOWN.items():
        paths[name] = write(
            folder,
            name,
            mini,
            authority=authority,
            authority_type=kind,
            respondent={"name": person, "role": role},
            responses=responses,
        )
    # Spelt differently, but the same authority and respondent: the same submission.
    paths["south/di-first-try.yaml"] = write(
        folder,
        "south/di-first-try.yaml",
        mini,
        authority="South Council",
        authority_type="county",
        respondent={"name": "di", "role": "departmental_manager"},
        responses=KNOWN["south/deep/di.yaml"][4],
    )
    broken = folder / "broken.yaml"
    broken.write_text("authority: [unclosed\n", encoding="utf-8")
    paths["broken.yaml"] = broken
    (folder / "notes.txt").write_text("not an answers file", encoding="utf-8")
    return paths


def known(tmp_path: Path, mini: Checklist, **options: Any) -> tuple[CohortResult, dict[str, Path]]:
    paths = write_known_cohort(tmp_path / "cohort", mini)
    result = score_many([tmp_path / "cohort"], cohort_checklists([mini]), **options)
    return result, paths


def test_counts_scores_and_the_histogram(tmp_path: Path, mini: Checklist) -> None:
    result, paths = known(tmp_path, mini)
    view = result.overview
    assert (view.files, view.scored, view.rejected, view.duplicates) == (7, 6, 1, 1)
    assert (view.respondents, view.authorities) == (5, 3)
    scores = sorted(SCORES.values())
    assert view.mean == pytest.approx(sum(scores) / 5)
    assert (view.median, view.minimum, view.maximum) == (62.5, 25.0, 100.0)
    assert (view.fully_compliant, view.percent_fully_compliant) == (1, 20.0)
    # Bands of 10 points: 25 | 50 | 62.5, 68.75 | 100 (the last band includes 100).
    assert [band.respondents for band in view.histogram or ()] == [0, 0, 1, 0, 0, 1, 2, 0, 0, 1]
    assert [(band.low, band.high) for band in view.histogram or ()][-2:] == [(80, 90), (90, 100)]
    assert result.files == 7 and result.versions == ("2.1",)
    [rejected] = result.rejected
    assert rejected.path == str(paths["broken.yaml"])
    assert rejected.reason.startswith(f"{paths['broken.yaml']}:")
    scored = {Path(record.path): record.score for record in result.scored}
    assert scored == {
        **{paths[name]: score for name, score in SCORES.items()},
        paths["south/di-first-try.yaml"]: SCORES["south/deep/di.yaml"],
    }


def test_per_requirement_counts_percentages_and_ranking(tmp_path: Path, mini: Checklist) -> None:
    result, _ = known(tmp_path, mini)
    items = {item.id: item for item in result.requirements}
    assert [item.id for item in result.requirements] == list(mini.requirements)
    expected_counts = {
        "AA-01": {Answer.YES: 3, Answer.NO: 1, Answer.PARTLY: 1},
        "AA-02": {Answer.YES: 2, Answer.PARTLY: 1, Answer.NOT_APPLICABLE: 1, Answer.NO: 1},
        "BB-01": {Answer.YES: 3, Answer.PARTLY: 1, Answer.NO: 1},
        "BB-02": {Answer.YES: 2, Answer.NO: 1, Answer.DONT_KNOW: 1, None: 1},
    }
    for rid, counts in expected_counts.items():
        item = items[rid]
        assert item.asked == 5
        assert item.counts == {answer: counts.get(answer, 0) for answer in [*Answer, None]}
        assert item.percents == {answer: 20.0 * n for answer, n in item.counts.items()}
    assert {rid: items[rid].percent_not_met for rid in items} == {
        "AA-01": 40.0,
        "AA-02": 40.0,  # not applicable is not a gap
        "BB-01": 40.0,
        "BB-02": 60.0,  # no, don't know and not answered
    }
    assert [item.id for item in result.ranked] == ["BB-02", "AA-01", "AA-02", "BB-01"]
    assert items["AA-01"].baseline is not None
    assert printed_figure(items["AA-01"].baseline) == 40 and items["AA-01"].change == 20.0
    assert [item.id for item in result.survey_items] == ["AA-01"]


def test_role_groups_and_the_disconnect(tmp_path: Path, mini: Checklist) -> None:
    result, _ = known(tmp_path, mini)
    yes = {
        item.id: {group: item.roles[group].percent_yes for group in item.roles}
        for item in result.requirements
    }
    lead, tech, dept, ig = (
        RoleGroup.LEADERSHIP,
        RoleGroup.TECHNOLOGY,
        RoleGroup.DEPARTMENTAL,
        RoleGroup.INFORMATION_GOVERNANCE,
    )
    assert yes == {
        "AA-01": {lead: 100.0, tech: 100.0, dept: 50.0, ig: 0.0},
        "AA-02": {lead: 100.0, tech: 0.0, dept: 0.0, ig: 100.0},
        "BB-01": {lead: 100.0, tech: 0.0, dept: 100.0, ig: 0.0},
        "BB-02": {lead: 100.0, tech: 0.0, dept: 50.0, ig: 0.0},
    }
    disconnect = {
        item.id: (item.disconnect, item.disconnect_flagged) for item in result.requirements
    }
    assert disconnect == {
        "AA-01": (50.0, True),
        "AA-02": (100.0, True),
        "BB-01": (0.0, False),
        "BB-02": (50.0, True),
    }
    assert result.role_respondents == {lead: 1, tech: 1, dept: 2, ig: 1}


def test_authorities_combine_their_respondents(tmp_path: Path, mini: Checklist) -> None:
    result, _ = known(tmp_path, mini, fail_under=60)
    east, north, south = result.authorities
    assert [a.name for a in result.authorities] == [
        "East Council",
        "North Council",
        "South Council",
    ]
    assert (north.authority_type, north.respondents) == ("district", 2)
    assert north.score == pytest.approx((100 + 68.75) / 2)
    assert north.rag is Rag.AMBER
    # Sections AA (weights 2 + 1) and BB (3 + 2): Bob earned 0.5 of 3 and 5 of 5.
    assert north.sections == pytest.approx((100 * (1 + 0.5 / 3) / 2, 100.0))
    assert north.lowest == {
        "AA-01": Answer.NO,
        "AA-02": Answer.PARTLY,
        "BB-01": Answer.YES,
        "BB-02": Answer.YES,
    }
    assert (north.must_not_met, north.compliance_gaps, north.assurance_gaps) == (1, 2, 0)
    assert (north.compared, north.differing, north.percent_differing) == (
        4,
        ("AA-01", "AA-02"),
        50.0,
    )
    assert south.score == pytest.approx((50 + 62.5) / 2) and south.rag is Rag.RED
    assert south.sections == pytest.approx(((100 + 100 * 2 / 3) / 2, (30 + 60) / 2))
    # The lowest answer given: a no beats not applicable; Di left BB-02 unanswered, Cy said no.
    assert south.lowest == {
        "AA-01": Answer.YES,
        "AA-02": Answer.NO,
        "BB-01": Answer.PARTLY,
        "BB-02": Answer.NO,
    }
    assert south.gaps == [("AA-02", Answer.NO), ("BB-01", Answer.PARTLY), ("BB-02", Answer.NO)]
    assert (south.compared, south.differing) == (3, ("AA-02", "BB-01"))
    assert (east.score, east.rag, east.compared, east.differing) == (25.0, Rag.RED, 0, ())
    assert (east.must_not_met, east.compliance_gaps, east.assurance_gaps) == (2, 2, 1)
    assert [a.name for a in result.below_threshold] == ["East Council", "South Council"]


def test_only_the_latest_duplicate_counts(tmp_path: Path, mini: Checklist) -> None:
    result, paths = known(tmp_path, mini)
    assert result.duplicate_of == {
        str(paths["south/di-first-try.yaml"]): str(paths["south/deep/di.yaml"])
    }


def test_a_file_sent_twice_counts_once_whatever_its_time(tmp_path: Path, mini: Checklist) -> None:
    header = {"respondent": {"name": "Ann", "role": "head_of_it"}, "responses": {"AA-01": "no"}}
    first = write(tmp_path, "a.yaml", mini, **header)
    again = write(tmp_path, "b.yaml", mini, **header)
    os.utime(first, ns=(4 * 10**18, 4 * 10**18))  # a later time is no evidence of anything
    other_day = write(tmp_path, "c.yaml", mini, assessed_on="2026-01-01", **header)
    result = score_many([tmp_path], cohort_checklists([mini]), jobs=1)
    assert result.duplicate_of == {str(again): str(first)}
    assert str(other_day) not in result.duplicate_of
    assert result.conflicts == () and not result.unsettled
    assert result.requirements[0].counts is not None
    assert result.requirements[0].counts[Answer.NO] == 2


def write_named(path: Path, answered: Checklist, authority: str, **header: Any) -> Path:
    """An answers file naming ``authority`` as written, which the model would refuse."""
    write(path.parent, path.name, answered, authority="PLACEHOLDER", **header)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("PLACEHOLDER", json.dumps(authority)), encoding="utf-8")
    return path


def spoofed(folder: Path, mini: Checklist) -> tuple[Path, Path]:
    """Kent's genuine file, and a later spoof of it typed differently, with other answers."""
    real = write(
        folder,
        "kent.yaml",
        mini,
        authority="Kent County Council",
        respondent={"name": "Alice Smith", "role": "information_governance"},
        responses=dict.fromkeys(mini.requirements, "yes"),
    )
    spoof = write(
        folder,
        "zz-kent.yaml",
        mini,
        authority="KENT   county  council",
        respondent={"name": "alice  SMITH", "role": "information_governance"},
        responses=dict.fromkeys(mini.requirements, "no"),
    )
    os.utime(spoof, ns=(4 * 10**18, 4 * 10**18))  # touch -d 2099
    return real, spoof


def test_a_later_spoof_is_a_conflict_and_neither_file_counts(
    tmp_path: Path, mini: Checklist
) -> None:
    real, spoof = spoofed(tmp_path, mini)
    other = write(tmp_path, "other.yaml", mini, authority="Other Council")
    result = score_many([tmp_path], cohort_checklists([mini]), jobs=1)
    [conflict] = result.conflicts
    assert conflict.paths == (str(real), str(spoof)) and conflict.counted is None
    assert [(record.authority, record.name) for record in conflict.files] == [
        ("Kent County Council", "Alice Smith"),
        ("KENT   county  council", "alice  SMITH"),
    ]
    assert (conflict.first.role, conflict.first.assessed_on) == (
        Role.INFORMATION_GOVERNANCE,
        "2026-11-25",
    )
    assert result.unsettled
    assert [authority.name for authority in result.authorities] == ["Other Council"]
    assert result.uncounted == {str(real), str(spoof)}
    view = result.overview
    assert (view.scored, view.duplicates, view.conflicting, view.respondents) == (3, 0, 2, 1)
    assert str(other) not in result.uncounted


def test_a_conflict_policy_can_count_the_lowest_or_omit_both(
    tmp_path: Path, mini: Checklist
) -> None:
    real, spoof = spoofed(tmp_path, mini)
    lowest = score_many(
        [tmp_path], cohort_checklists([mini]), jobs=1, conflict_policy=ConflictPolicy.LOWEST
    )
    assert lowest.conflicts[0].counted == str(spoof) and not lowest.unsettled
    [kent] = lowest.authorities
    assert kent.score == 0.0 and lowest.uncounted == {str(real)}
    omitted = score_many(
        [tmp_path], cohort_checklists([mini]), jobs=1, conflict_policy=ConflictPolicy.OMIT
    )
    assert omitted.conflicts[0].counted is None and not omitted.unsettled
    assert omitted.authorities == ()


def test_the_authority_code_is_the_identity_when_given(tmp_path: Path, mini: Checklist) -> None:
    person = {"respondent": {"name": "Ann", "role": "it_staff"}}
    coded = write(tmp_path, "a.yaml", mini, authority="Folkestone & Hythe", **person)
    renamed = write(tmp_path, "b.yaml", mini, authority="F&H District Council", **person)
    uncoded = write(tmp_path, "c.yaml", mini, authority="folkestone  &  HYTHE", **person)
    for path in (coded, renamed):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("authority:", "authority_code: e07000112\nauthority:", 1))
    write(tmp_path, "d.yaml", mini, authority="Folkestone & Hythe", respondent={"role": "other"})
    result = score_many([tmp_path], cohort_checklists([mini]), jobs=1)
    # One respondent sent three times, under two names and once without the code: one file.
    assert result.duplicate_of == {str(renamed): str(coded), str(uncoded): str(coded)}
    [authority] = result.authorities
    assert (authority.code, authority.respondents) == ("E07000112", 2)
    assert [conflict.message for conflict in result.identity_conflicts] == [
        "E07000112 is given with 2 names ('Folkestone & Hythe', 'F&H District Council'); they "
        "count as one authority: check the code in each file",
    ]


def test_a_name_given_with_two_codes_is_two_authorities_with_a_warning(
    tmp_path: Path, mini: Checklist
) -> None:
    for name, code in [("a.yaml", "E10000016"), ("b.yaml", "E07000112"), ("c.yaml", None)]:
        path = write(tmp_path, name, mini, authority="Kent County Council")
        if code is not None:
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("authority:", f"authority_code: {code}\nauthority:", 1))
    result = score_many([tmp_path], cohort_checklists([mini]), jobs=1)
    # The file without a code cannot tell which it belongs to: it stands on its own.
    assert sorted((a.code or "none", a.respondents) for a in result.authorities) == [
        ("E07000112", 1),
        ("E10000016", 1),
        ("none", 1),
    ]
    assert [conflict.message for conflict in result.identity_conflicts] == [
        "'Kent County Council' is given with 2 codes (E10000016, E07000112); each code counts "
        "as an authority of its own: check the code in each file",
    ]


def test_look_alike_names_fold_to_one_authority_or_are_refused(
    tmp_path: Path, mini: Checklist
) -> None:
    roles = iter(Role)
    for name, authority in [
        ("nfc.yaml", "Ynys M\u00f4n"),
        ("nfd.yaml", "Ynys Mo\u0302n"),
        ("spaced.yaml", " YNYS   môn "),
        ("wide.yaml", "\uff39nys M\u00f4n"),  # a full-width Y
        ("zero-width.yaml", "Ynys\u200b M\u00f4n"),
        ("bidi.yaml", "Ynys \u202eM\u00f4n"),
        ("invisible.yaml", "\u200b\u2060"),
        ("cyrillic.yaml", "Ynys M\u043en"),  # a Cyrillic o
    ]:
        write_named(tmp_path / name, mini, authority, respondent={"role": next(roles)})
    result = score_many([tmp_path], cohort_checklists([mini]), jobs=1)
    assert [(a.name, a.respondents) for a in result.authorities] == [
        ("Ynys M\u00f4n", 4),
        ("Ynys M\u043en", 1),
    ]
    reasons = {Path(item.path).name: item.reason.split(": ", 1)[1] for item in result.rejected}
    assert reasons == {
        "bidi.yaml": "authority: contains an invisible character (<U+202E>, RIGHT-TO-LEFT "
        "OVERRIDE) at character 6; retype the name without it",
        "invisible.yaml": "authority is empty; fill it in",
        "zero-width.yaml": "authority: contains an invisible character (<U+200B>, ZERO WIDTH "
        "SPACE) at character 5; retype the name without it",
    }
    # A Cyrillic o is a look-alike of a plain o, not of the o with a circumflex: it stands
    # apart, and is listed.
    [mixed] = result.identity_conflicts
    assert (mixed.names, Path(mixed.files[0]).name) == (("Ynys M\u043en",), "cyrillic.yaml")
    assert mixed.message.endswith(
        "'Ynys M\u043en' mixes Latin and Cyrillic letters, which can look alike; check how it "
        "was typed"
    )


def test_a_link_is_rejected_unless_links_are_followed(tmp_path: Path, mini: Checklist) -> None:
    outside = tmp_path / "outside"
    secret = outside / "secret.txt"
    outside.mkdir()
    secret.write_text("root:$6$salt$hashhashhash:19000:0:99999:7:::\n", encoding="utf-8")
    elsewhere = write(outside, "elsewhere.yaml", mini, authority="Linked Council")
    folder = tmp_path / "in"
    write(folder, "good.yaml", mini)
    (folder / "shadow.yaml").symlink_to(secret)
    (folder / "linked.yaml").symlink_to(elsewhere)
    (folder / "sub").symlink_to(outside, target_is_directory=True)
    result = score_many([folder], cohort_checklists([mini]), jobs=1)
    assert [Path(record.path).name for record in result.scored] == ["good.yaml"]
    assert {Path(item.path).name: item.reason for item in result.rejected} == {
        "linked.yaml": f"{folder / 'linked.yaml'}: {LINK_REFUSED}",
        "shadow.yaml": f"{folder / 'shadow.yaml'}: {LINK_REFUSED}",
    }
    followed = score_many([folder], cohort_checklists([mini]), jobs=1, follow_links=True)
    assert sorted(Path(record.path).name for record in followed.scored) == [
        "elsewhere.yaml",
        "good.yaml",
        "linked.yaml",
    ]
    [shadow] = followed.rejected
    assert "salt" not in shadow.reason and "19000" not in shadow.reason


def test_any_exception_inside_the_reader_rejects_only_that_file(
    tmp_path: Path, mini: Checklist, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = [write(tmp_path, f"good-{n}.yaml", mini, authority=f"C{n}") for n in range(3)]
    write(tmp_path, "boom.yaml", mini, authority="Boom secret text")
    parse = workers.parse_answers

    def fragile(document: YamlDocument) -> AnswersFile:
        if document.path.name == "boom.yaml":
            raise IndexError("Boom secret text")
        return parse(document)

    monkeypatch.setattr(workers, "parse_answers", fragile)
    result = score_many([tmp_path], cohort_checklists([mini]), jobs=1)
    assert [Path(record.path) for record in result.scored] == good
    [boom] = result.rejected
    assert boom.reason == (
        f"{tmp_path / 'boom.yaml'}: could not be read: an unexpected IndexError in "
        "compliance-check; the other files are still scored. Please report this file's case"
    )


def test_files_are_found_recursively_by_suffix_once_each(tmp_path: Path) -> None:
    for name in ["a.yaml", "b.YML", "deep/er/c.yml", "skip.json", "deep/skip.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x: 1\n")
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "folder.yaml" / "inside.yaml").write_text("x: 1\n")
    found, unreadable = discover([tmp_path, tmp_path / "a.yaml", tmp_path / "deep"])
    names = [path.relative_to(tmp_path).as_posix() for path in found]
    assert sorted(names) == ["a.yaml", "b.YML", "deep/er/c.yml", "folder.yaml"]
    assert unreadable == []


def test_every_kind_of_bad_path_is_rejected_with_the_loaders_message(
    tmp_path: Path, mini: Checklist
) -> None:
    good = write(tmp_path, "good.yaml", mini)
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")  # opening it would wait forever for a writer
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    result = score_many([tmp_path, tmp_path / "missing.yaml"], cohort_checklists([mini]), jobs=1)
    reasons = {Path(item.path).name: item.reason for item in result.rejected}
    assert [Path(record.path) for record in result.scored] == [good]
    assert reasons == {
        "folder.yaml": f"{tmp_path / 'folder.yaml'}: is a folder, not a file",
        "loop.yaml": f"{tmp_path / 'loop.yaml'}: {LINK_REFUSED}",
        "dangling.yaml": f"{tmp_path / 'dangling.yaml'}: {LINK_REFUSED}",
        "missing.yaml": f"{tmp_path / 'missing.yaml'}: does not exist; check the name and folder",
        "pipe.yaml": f"{tmp_path / 'pipe.yaml'}: is not a regular file (a pipe, socket or "
        "device); remove it",
        "list.yaml": f"{tmp_path / 'list.yaml'}:1:1: holds a list at the top; expected a mapping "
        "(key: value lines)",
    }


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_rejected(tmp_path: Path, mini: Checklist) -> None:
    path = write(tmp_path, "secret.yaml", mini)
    path.chmod(0)
    result = score_many([tmp_path], cohort_checklists([mini]), jobs=1)
    assert [item.reason for item in result.rejected] == [
        f"{path}: cannot be read: permission denied"
    ]


def test_an_empty_folder_is_an_error_naming_it(tmp_path: Path, mini: Checklist) -> None:
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    (tmp_path / "empty" / "readme.txt").write_text("no answers here")
    with pytest.raises(InputFileError, match=r"no answers files \(\*\.yaml, \*\.yml, \*\.xlsx\)"):
        score_many([tmp_path / "empty"], cohort_checklists([mini]))


def mini_version(tmp_path: Path, version: str, *, drop_bb02: bool) -> Checklist:
    text = MINI_CHECKLIST.read_text(encoding="utf-8").replace(
        'version: "2.1"', f'version: "{version}"'
    )
    text = text.replace("title: First must\n", f"title: First must in {version}\n")
    if drop_bb02:
        text = text[: text.index("      - id: BB-02")]
    path = tmp_path / f"mini-{version}.yaml"
    path.write_text(text, encoding="utf-8")
    return load_checklist(path)


def test_mixed_versions_score_against_their_own_version(tmp_path: Path, mini: Checklist) -> None:
    newer = mini_version(tmp_path, "2.2", drop_bb02=True)
    files = tmp_path / "files"
    write(files, "old.yaml", mini, responses={"AA-01": "yes", "BB-02": "yes"})
    write(
        files,
        "new.yaml",
        newer,
        responses={"AA-01": "no", "BB-01": "yes"},
        respondent={"role": "it_staff"},
    )
    write(files, "newer.yaml", mini, checklist_version="3.0")
    other = write(files, "other.yaml", mini)
    other.write_text(other.read_text().replace("checklist: mini-checklist", "checklist: elses"))
    result = score_many([files], cohort_checklists([newer, mini]), jobs=1)
    assert result.versions == ("2.1", "2.2")
    scores = {Path(record.path).name: (record.version, record.score) for record in result.scored}
    assert scores == {
        "old.yaml": ("2.1", 100 * (2 + 2) / 8),
        "new.yaml": ("2.2", 100 * 3 / 6),
    }
    # The newest version's wording; BB-02, gone from 2.2, still reported for the 2.1 file.
    items = {item.id: item for item in result.requirements}
    assert items["AA-01"].title == "First must in 2.2"
    assert (items["AA-01"].asked, items["BB-02"].asked) == (2, 1)
    reasons = {Path(item.path).name: item.reason for item in result.rejected}
    assert reasons["newer.yaml"].endswith(
        "answers version 3.0 of mini-checklist, which this batch does not have (it has 2.1, "
        "2.2); pass the version 3.0 checklist file with --checklist"
    )
    assert reasons["other.yaml"].endswith(
        "answers checklist 'elses', but this batch scores 'mini-checklist'; score each "
        "checklist in a batch of its own"
    )


def test_checklists_given_must_be_one_checklist(
    tmp_path: Path, mini: Checklist, shipped: Checklist
) -> None:
    assert [c.version for c in cohort_checklists([])] == ["1.0", "1.1", shipped.version]
    with pytest.raises(ChecklistError, match="must all be versions of one checklist"):
        cohort_checklists([mini, shipped])
    with pytest.raises(ChecklistError, match=r"two --checklist files give version 2\.1"):
        cohort_checklists([mini, mini])


def test_a_profile_for_the_whole_batch(tmp_path: Path, mini: Checklist) -> None:
    result, _ = known(tmp_path, mini, profile_id="core")
    items = {item.id: item.asked for item in result.requirements}
    assert items == {"AA-01": 5, "AA-02": 0, "BB-01": 0, "BB-02": 5}
    assert {record.profile for record in result.scored} == {"core"}
    ann = next(record for record in result.scored if record.name == "Ann")
    assert ann.score == 100.0 and ann.answers == "y  y"


def test_small_groups_are_hidden(tmp_path: Path, mini: Checklist) -> None:
    result, _ = known(tmp_path, mini, min_group=2, fail_under=60)
    east, north, south = result.authorities
    assert east.hidden and east.score is None and east.lowest == {} and east.differing == ()
    assert east.rag is Rag.NOT_SCORED and east.must_not_met is None
    assert east.below_threshold  # judged on the true figure: 25%
    # The cohort's mean and South's would give East's back: North, as small, goes with it.
    assert result.overview.mean is not None
    assert north.hidden and north.score is None and north.sections == (None, None)
    assert not south.hidden and south.score == pytest.approx(56.25)
    # Each lowest and highest score is one respondent's; one fully compliant respondent too.
    view = result.overview
    assert view.minimum is None and view.maximum is None and view.fully_compliant is None
    aa01 = result.requirements[0]
    assert aa01.roles[RoleGroup.LEADERSHIP].hidden
    assert aa01.roles[RoleGroup.LEADERSHIP].percent_yes is None
    assert not aa01.roles[RoleGroup.DEPARTMENTAL].hidden
    assert aa01.disconnect is None and not aa01.disconnect_flagged
    assert not aa01.hidden and aa01.percent_yes == 60.0
    assert result.respondents_hidden
    hidden = score_many([tmp_path / "cohort"], cohort_checklists([mini]), min_group=6)
    assert hidden.overview.hidden and hidden.overview.mean is None
    assert hidden.requirements[0].counts is None and hidden.requirements[0].hidden


def test_withheld_authorities_all_at_100_percent_in_a_section_take_another_with_them(
    tmp_path: Path, mini: Checklist
) -> None:
    # Ann and Bea (one respondent each, withheld) meet every item of AA and none of BB: their
    # overall scores (37.5%) stand at no bound, but their AA scores would together come to
    # 100%, which the private workbook's other rows and the item counts give away.
    plans = {
        "Ann": ("A", ["yes", "yes", "no", "no"]),
        "Bea": ("B", ["yes", "yes", "no", "no"]),
        **{f"Cy{n}": ("C", ["partly", "no", "yes", "no"]) for n in range(3)},
        **{f"Di{n}": ("D", ["no", "yes", "yes", "yes"]) for n in range(4)},
    }
    for person, (place, answers) in plans.items():
        write(
            tmp_path,
            f"{person}.yaml",
            mini,
            authority=f"{place} Council",
            respondent={"name": person, "role": "it_staff"},
            responses=dict(zip(mini.requirements, answers, strict=True)),
        )
    result = score_many([tmp_path], cohort_checklists([mini]), min_group=2)
    hidden = {a.name for a in result.authorities if a.hidden}
    # C, the smaller of the others, is withheld with them: AA no longer comes to 100%.
    assert hidden == {"A Council", "B Council", "C Council"}
    [d] = [a for a in result.authorities if not a.hidden]
    assert d.sections[0] is not None and result.overview.mean is not None


def test_an_empty_group_is_not_marked_hidden(tmp_path: Path, mini: Checklist) -> None:
    write(tmp_path, "one.yaml", mini, respondent={"role": "it_staff"})
    result = score_many([tmp_path], cohort_checklists([mini]), min_group=3)
    leaders = result.requirements[0].roles[RoleGroup.LEADERSHIP]
    assert (leaders.respondents, leaders.hidden, leaders.percent_yes) == (0, False, None)
    assert result.requirements[0].roles[RoleGroup.TECHNOLOGY].hidden


def test_a_disconnect_of_exactly_20_points_is_flagged(tmp_path: Path, mini: Checklist) -> None:
    # Leaders 3 of 7 yes, departmental 8 of 35: 20 points exactly, which floating point puts
    # at 19.999999999999996.
    assert 100.0 * 3 / 7 - 100.0 * 8 / 35 < 20
    for role, people, yes in (("elected_member", 7, 3), ("departmental_staff", 35, 8)):
        for index in range(people):
            write(
                tmp_path,
                f"{role}-{index}.yaml",
                mini,
                respondent={"name": f"{role} {index}", "role": role},
                responses={"AA-01": "yes" if index < yes else "dont_know"},
            )
    item = score_many([tmp_path], cohort_checklists([mini]), jobs=1).requirements[0]
    assert item.disconnect == 20.0 and item.disconnect_flagged


def test_worker_processes_give_the_same_result(tmp_path: Path, mini: Checklist) -> None:
    write_known_cohort(tmp_path, mini)
    checklists = cohort_checklists([mini])
    alone = score_many([tmp_path], checklists, jobs=1)
    pooled = score_many([tmp_path], checklists, jobs=2)
    assert pooled == alone


def test_progress_is_reported_for_every_file(tmp_path: Path, mini: Checklist) -> None:
    write_known_cohort(tmp_path, mini)
    seen: list[tuple[int, int]] = []
    score_many([tmp_path], cohort_checklists([mini]), jobs=2, progress=lambda *a: seen.append(a))
    assert seen == [(done, 7) for done in range(8)]


def test_summarise_with_nothing_scored(mini: Checklist) -> None:
    result = summarise([], [Rejected("x.yaml", "x.yaml: is empty")], [mini])
    assert result.files == 1 and result.overview.respondents == 0
    assert result.overview.mean is None and result.overview.histogram is None
    assert all(item.asked == 0 and item.percents is None for item in result.requirements)
    assert result.authorities == () and result.ranked[0].id == "AA-01"


class CrashingScorer(workers.Scorer):
    """Ends its worker process outright on crash*.yaml, as the kernel's OOM killer would."""

    def __call__(self, path: str) -> workers.Scored | Rejected:
        if Path(path).name.startswith("crash"):
            os._exit(9)
        return super().__call__(path)


def test_a_worker_that_dies_rejects_its_file_and_the_others_are_scored(
    tmp_path: Path, mini: Checklist
) -> None:
    names = [f"{n:02d}.yaml" for n in range(8)]
    for name in names:
        write(tmp_path, name, mini)
    (tmp_path / "crash-a.yaml").write_text("x: 1\n")
    (tmp_path / "crash-b.yaml").write_text("x: 1\n")
    paths = sorted(str(path) for path in tmp_path.iterdir())
    outcomes = list(workers.score_files(CrashingScorer([mini], None, 10**6), paths, 2))
    assert [outcome.path for outcome in outcomes] == paths
    rejected = {Path(o.path).name: o.reason for o in outcomes if isinstance(o, Rejected)}
    assert sorted(rejected) == ["crash-a.yaml", "crash-b.yaml"]
    assert "ended abruptly" in rejected["crash-a.yaml"]
    assert sum(isinstance(outcome, workers.Scored) for outcome in outcomes) == len(names)
