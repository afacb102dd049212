"""The interactive questionnaire: run_wizard() walks a profile's questions through a Prompter."""

from __future__ import annotations

import re
import shlex
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from compliance_check.errors import ComplianceCheckError, OutputError
from compliance_check.files.atomic import (
    HeldFolder,
    check_folder_of,
    check_output,
    output_exists,
    write_text_atomic,
)
from compliance_check.files.yamlio import dump_yaml
from compliance_check.gap_report.console import headline
from compliance_check.model.answers import (
    AnswersFile,
    AuthorityType,
    Respondent,
    Response,
    Role,
    answers_to_data,
    implausible_assessment_date,
    kept_document,
    load_answers,
    reads_as,
)
from compliance_check.model.base import closest
from compliance_check.model.checklist import Answer, Checklist, Profile, Requirement, Section
from compliance_check.model.evidence import parse_line
from compliance_check.model.scoring import Assessment, score
from compliance_check.pages.labels import ANSWER_LABEL, AUTHORITY_TYPE_LABEL, ROLE_LABEL

if TYPE_CHECKING:
    from compliance_check.model.signoff import SignOff

ANSWER_KEYS: dict[str, Answer] = {
    "y": Answer.YES,
    "p": Answer.PARTLY,
    "n": Answer.NO,
    "d": Answer.DONT_KNOW,
    "x": Answer.NOT_APPLICABLE,
}
# Two spaces separate the choices: a narrow terminal breaks the line between them, never inside.
COMMANDS_LINE = (
    "[?] guidance  [b] back  [s] skip for now  [l] list what is left  [g ID] go to  "
    "[q] save and quit"
)


class Command(Enum):
    """What a user can type at a question besides an answer."""

    GUIDANCE = "?"
    BACK = "b"
    SKIP = "s"
    QUIT = "q"
    LIST = "l"
    KEEP = ""  # Enter on a question that already has an answer


@dataclass(frozen=True)
class GoTo:
    """`g ID`: go to a question or to the first question of a section; "" asks which."""

    target: str


class QuitRequested(Exception):
    """Ctrl-D at a terminal: the user means q, not that the input broke."""


class Outcome(Enum):
    """How a run of the questionnaire ended."""

    FINISHED = "finished"
    QUIT = "quit"


@dataclass(frozen=True)
class SectionView:
    """A section header: the section and where it stands in the profile."""

    section: Section
    number: int
    sections: int
    questions: int


@dataclass(frozen=True)
class QuestionView:
    """One question as it is put to the user, with progress and the current answer."""

    requirement: Requirement
    section_number: int
    sections: int
    number: int
    questions: int
    percent_answered: float
    current: Response | None
    choices: tuple[str, ...]


class Prompter(Protocol):
    """Everything the questionnaire shows and reads; the wizard itself never prints."""

    def ask(self, prompt: str) -> str:
        """One line typed by the user, without the line end.

        Raises KeyboardInterrupt on Ctrl-C and EOFError when the input ends.
        """

    def say(self, message: str) -> None:
        """Show a message or a hint."""

    def show_section(self, view: SectionView) -> None:
        """Show a section header."""

    def show_question(self, view: QuestionView) -> None:
        """Show a question with its choices."""

    def show_guidance(self, requirement: Requirement, checklist: Checklist) -> None:
        """Show the guidance, evidence examples and notes of a requirement of ``checklist``."""

    def show_reminder(self, view: QuestionView) -> None:
        """Repeat the id, the question's first line and the choices, after something long."""

    def show_summary(self, assessment: Assessment, below: list[str]) -> None:
        """Show the scored result at the end, above ``below`` (said next): one screen for both."""


@dataclass(frozen=True)
class StartOptions:
    """What the command line already said about a new assessment; the rest is asked."""

    authority: str | None = None
    authority_type: AuthorityType | None = None
    role: Role | None = None
    assessed_on: date | None = None
    profile: Profile | None = None


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class AnswersStore:
    """The answers file being filled in: every change is written to disk at once, atomically."""

    def __init__(
        self,
        path: Path,
        checklist: Checklist,
        answers: AnswersFile,
        original: str | None = None,
        *,
        folder: HeldFolder | None = None,
        replace: bool = True,
    ) -> None:
        """``original`` is the file's text when it exists: its comments and layout are kept.

        The file is written into ``folder`` (held open by the session's lock) when given. The
        first save replaces a file at ``path`` only with ``replace``; later ones rewrite it.
        """
        self.path = path
        self.checklist = checklist
        self.answers = answers
        self.folder = folder
        self._replace = replace
        self._kept = kept_document(original, path)
        # Set when a change removed the file's sign-off, for the wizard to say so once.
        self.removed_sign_off: SignOff | None = None
        # Recorded so the answers are never scored against questions that changed under them.
        answers.checklist_sha256 = checklist.content_sha256
        self.saved = self.answered()

    @classmethod
    def of_existing(
        cls,
        path: Path,
        checklist: Checklist,
        answers: AnswersFile,
        folder: HeldFolder | None = None,
    ) -> AnswersStore:
        """The store of ``answers``, just read from ``path``, keeping the file's comments."""
        try:
            original: str | None = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            original = None  # it was read a moment ago; at worst the comments go
        return cls(path, checklist, answers, original, folder=folder)

    @property
    def profile(self) -> Profile:
        """The profile being answered."""
        return self.checklist.profile(self.answers.profile)

    def answered(self) -> int:
        """How many requirements have an answer."""
        return sum(1 for response in self.answers.responses.values() if response.answer)

    def questions(self) -> list[Requirement]:
        """The profile's questions that apply in the answers' nation."""
        nation = self.answers.effective_nation
        return [r for r in self.checklist.in_profile(self.profile) if r.applies_in(nation)]

    def response(self, requirement_id: str) -> Response | None:
        """The response given to a requirement so far."""
        return self.answers.responses.get(requirement_id)

    def put(self, requirement_id: str, response: Response) -> None:
        """Record a response and save the file."""
        self.answers.responses[requirement_id] = response
        self.save()

    def save(self) -> None:
        """Write the file, responses in checklist order so that it reads like the checklist."""
        responses = self.answers.responses
        self.answers.responses = {
            rid: responses[rid] for rid in self.checklist.requirements if rid in responses
        }
        sign_off = self.answers.sign_off
        if sign_off is not None and self.answers.digest(self.checklist) != sign_off.digest:
            # The person who signed off did not see these answers: their sign-off goes.
            self.answers.sign_off = None
            self.removed_sign_off = sign_off
        data = answers_to_data(self.answers)
        text = self._kept.render(data) if self._kept is not None else None
        if text is None or not reads_as(text, self.path, data):
            # A layout the rewrite cannot follow faithfully (anchors shared between answers,
            # say): the answers matter more than the comments.
            self._kept = None
            text = SAVED_FILE_HEADER + dump_yaml(data)
        write_text_atomic(self.path, text, replace=self._replace, folder=self.folder)
        self._replace = True
        self.saved = self.answered()
        if self.folder is not None and self.folder.moved():
            raise OutputError(
                f"its folder was moved or replaced during the session, so the answers are no "
                f"longer where they were; every answer so far is saved in the folder as it was "
                f"{self.folder.where_now()}; carry on with --resume there",
                path=self.path,
            )

    def resume_message(self) -> str:
        """What was saved and how to carry on."""
        path = self.path.absolute()
        return (
            f"Saved {plural(self.saved, 'answer')} to {path}. "
            f"Resume with: compliance-check assess --resume {shlex.quote(str(path))}"
        )


SAVED_FILE_HEADER = (
    "# Answers written by `compliance-check assess` after every question.\n"
    "# Carry on with `compliance-check assess --resume FILE`, change answers with --review,\n"
    "# score them with `compliance-check score FILE`.\n"
)


SLUG_LENGTH = 80


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, for file names."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    # Capped so that a long authority name still gives a file name the file system accepts.
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower())[:SLUG_LENGTH].strip("-")
    return words or "authority"


def default_answers_path(authority: str, assessed_on: date) -> Path:
    """``<authority-slug>-<date>.answers.yaml`` in the current folder."""
    return Path(f"{slug(authority)}-{assessed_on.isoformat()}.answers.yaml")


# Never --force: the file may hold a finished assessment.
EXISTING_ANSWERS = (
    "carry on with --resume FILE, change answers with --review FILE, or choose another name "
    "with --output"
)


def answers_of_another(path: Path, checklist: Checklist) -> str | None:
    """What the answers file at ``path`` answers when it is another checklist or version than
    ``checklist``, in words; None when it answers ``checklist`` or is no answers file."""
    try:
        found = load_answers(path)
    except ComplianceCheckError:
        return None
    if (found.checklist, found.checklist_version) == (checklist.id, checklist.version):
        return None
    return f"{found.checklist} {found.checklist_version}"


def checklist_answers_path(path: Path, checklist: Checklist) -> Path:
    """``path`` with the checklist and its version in the name, for a day on which the plain
    name holds the answers to another checklist."""
    stem = path.name.removesuffix(".answers.yaml")
    return path.with_name(f"{stem}.{slug(checklist.id)}-{slug(checklist.version)}.answers.yaml")


def _normalise(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").replace("'", "").split())


def _choose(
    prompter: Prompter,
    title: str,
    options: Sequence[tuple[str, str]],
    *,
    default: str | None = None,
    optional: bool = False,
) -> str:
    """Ask for one of ``options`` (value, label) by number or name; "" when left out."""
    listing = "\n".join(f"{number:>4}  {label}" for number, (_, label) in enumerate(options, 1))
    prompter.say(f"{title}\n{listing}")
    if default is not None:
        tail = f"; Enter for {default}"
    elif optional:
        tail = "; Enter to leave it out"
    else:
        tail = ""
    names = {_normalise(value): value for value, _ in options}
    names.update({_normalise(label): value for value, label in options})
    while True:
        raw = prompter.ask(f"Number or name{tail}: ").strip()
        if not raw and (default is not None or optional):
            return default or ""
        if raw.isdigit() and 1 <= int(raw) <= len(options):
            return options[int(raw) - 1][0]
        if _normalise(raw) in names:
            return names[_normalise(raw)]
        prompter.say(f"Type a number from 1 to {len(options)}, or the name, then Enter.")


# What each shipped checklist is for, in a line that fits 80 columns when the choice is offered.
CHECKLIST_PURPOSE = {
    "lga-data-handling-2008": "the 2008 LGA guideline and the 2009 survey",
    "uk-council-data-duties": "today's duties (2026): this year's action plan",
}


def choose_checklist(prompter: Prompter, offered: Sequence[Checklist]) -> Checklist:
    """Ask which of the shipped checklists to answer; each is offered with what it is for."""
    options = [(c.id, f"{c.id}: {CHECKLIST_PURPOSE.get(c.id, c.title)}") for c in offered]
    chosen = _choose(prompter, "Which checklist? (--checklist ID chooses it next time)", options)
    return next(checklist for checklist in offered if checklist.id == chosen)


@dataclass(frozen=True)
class Opened:
    """The answers file the questionnaire works on, and whether to walk it from the start."""

    store: AnswersStore
    review: bool = False


OpenExisting = Callable[[Path], AnswersStore]


def ask_start(
    checklist: Checklist,
    prompter: Prompter,
    given: StartOptions,
    named: Callable[[str, date], Opened | None] | None = None,
) -> AnswersFile | Opened:
    """Ask for whatever the command line did not say about a new assessment.

    The authority and the date come first: they name the file, and ``named`` is called with
    them at once, so that an existing file is found before anything else is asked. The
    existing file it returns, opened, ends the questions.
    """
    authority = (given.authority or "").strip()
    while not authority:
        authority = prompter.ask("Name of the authority: ").strip()
        if not authority:
            prompter.say("The authority's name is needed: it heads every report.")
    assessed_on = given.assessed_on or _ask_date(prompter)
    if named is not None and (existing := named(authority, assessed_on)) is not None:
        return existing
    authority_type = given.authority_type
    if authority_type is None:
        chosen_type = _choose(
            prompter,
            "Type of authority (optional):",
            [(kind.value, AUTHORITY_TYPE_LABEL[kind]) for kind in AuthorityType],
            optional=True,
        )
        authority_type = AuthorityType(chosen_type) if chosen_type else None
    role = given.role or Role(
        _choose(prompter, "Your role:", [(role.value, ROLE_LABEL[role]) for role in Role])
    )
    profile = given.profile
    if profile is None:
        chosen = _choose(
            prompter,
            "Profile (which questions to ask):",
            [
                (p.id, f"{p.id}: {p.title} ({plural(len(checklist.in_profile(p)), 'question')})")
                for p in checklist.profiles
            ],
            default=checklist.default_profile.id,
        )
        profile = checklist.profile(chosen)
    return AnswersFile(
        checklist=checklist.id,
        checklist_version=checklist.version,
        profile=profile.id,
        authority=authority,
        authority_type=authority_type,
        respondent=Respondent(role=role),
        assessed_on=assessed_on,
    )


def _ask_date(prompter: Prompter) -> date:
    today = date.today()
    while True:
        raw = prompter.ask(f"Date of the assessment, YYYY-MM-DD (Enter for {today}): ").strip()
        if not raw:
            return today
        try:
            typed = date.fromisoformat(raw)
        except ValueError:
            prompter.say(f"{raw!r} is not a date like {today}; type it as year-month-day.")
            continue
        problem = implausible_assessment_date(typed)
        if problem is None:
            return typed
        prompter.say(problem)


class LeftAsItWas(Exception):
    """The user chose to stop rather than resume or review an existing answers file."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"Nothing changed: {path.absolute()} is as it was.")


def offer_existing(prompter: Prompter, path: Path, open_existing: OpenExisting) -> Opened:
    """An answers file is already there: offer to resume or review it instead, or to stop."""
    try:
        store = open_existing(path)
    except ComplianceCheckError as error:
        try:  # answers all the same: perhaps a finished assessment, never proposed to --force
            load_answers(path)
            instead = "it is left as it is"
        except ComplianceCheckError:
            instead = "or start again over it with --force"
        raise OutputError(
            f"already exists and cannot be carried on ({error.message}); choose another name "
            f"with --output, {instead}",
            path=path,
        ) from None
    total = len(store.questions())
    prompter.say(f"This answers file already exists:\n  {path.absolute()}")
    prompter.say(f"{store.answered()} of {total} questions answered (profile {store.profile.id}).")
    prompter.say("[r] resume it  [v] review its answers  [q] quit, leaving it as it is")
    while True:
        typed = _normalise(prompter.ask("Your choice (r, v or q): "))
        if typed in ("r", "resume"):
            return Opened(store)
        if typed in ("v", "review"):
            return Opened(store, review=True)
        if typed in ("q", "quit"):
            raise LeftAsItWas(path)
        prompter.say("Type r, v or q, then Enter.")


def start(
    checklist: Checklist,
    prompter: Prompter,
    given: StartOptions,
    output: Path | None = None,
    *,
    force: bool = False,
    open_existing: OpenExisting | None = None,
    hold: Callable[[Path], HeldFolder | None] | None = None,
) -> Opened:
    """Ask what is needed for a new assessment and create its answers file.

    An answers file already at the name is never replaced without ``force``: with
    ``open_existing`` the user is offered to resume or review it (or to stop: LeftAsItWas)
    as soon as its name is known; without, it is refused. ``hold`` is called with the new
    file's name before it is created (to lock it for the session).
    """

    def check(path: Path) -> Opened | None:
        if output_exists(path) and not force and open_existing is not None:
            other = answers_of_another(path, checklist)
            if other is not None:
                raise OutputError(
                    f"holds the answers to {other}, not to {checklist.id} {checklist.version}, "
                    "and is left as it is; choose another name with --output",
                    path=path,
                )
            return offer_existing(prompter, path, open_existing)
        check_output(path, force=force, instead=EXISTING_ANSWERS)
        return None

    if output is not None and (existing := check(output)) is not None:
        return existing
    if output is None:
        # Checked before the first question, so that no answer is typed in vain.
        check_folder_of(Path.cwd() / "new.answers.yaml")
    chosen = output

    def named(authority: str, assessed_on: date) -> Opened | None:
        nonlocal chosen
        if output is not None:
            return None
        chosen = default_answers_path(authority, assessed_on)
        other = answers_of_another(chosen, checklist) if not force else None
        if other is not None:
            # The same council on the same day, another checklist: a name of its own.
            taken = chosen
            chosen = checklist_answers_path(chosen, checklist)
            prompter.say(
                f"{taken} holds the answers to {other}; these answers go to {chosen} instead."
            )
        return check(chosen)

    answers = ask_start(checklist, prompter, given, named)
    if isinstance(answers, Opened):
        return answers
    path = chosen or default_answers_path(answers.authority, answers.assessed_on)
    folder = None
    if hold is not None:
        folder = hold(path)
        # Checked again under the lock: another session may have created it meanwhile.
        check_output(path, force=force, instead=EXISTING_ANSWERS)
    store = AnswersStore(path, checklist, answers, folder=folder, replace=force)
    store.save()
    prompter.say(f"Your answers will be saved after every question to:\n  {path.absolute()}")
    return Opened(store)


def choices(requirement: Requirement) -> tuple[str, ...]:
    """The lines of choices offered at a question."""
    answers = "[y] yes  [p] partly  [n] no  [d] don't know"
    if requirement.allow_not_applicable:
        answers += "  [x] not applicable"
    return answers, COMMANDS_LINE


_ANSWER_WORDS = {_normalise(ANSWER_LABEL[answer]): answer for answer in Answer} | {
    _normalise(answer.value): answer for answer in Answer
}
_COMMAND_WORDS = {command.value: command for command in Command} | {
    "guidance": Command.GUIDANCE,
    "back": Command.BACK,
    "skip": Command.SKIP,
    "quit": Command.QUIT,
    "list": Command.LIST,
}


def parse_choice(raw: str) -> Answer | Command | GoTo | None:
    """An answer or command from what was typed (a key, or the word); None if neither."""
    typed = _normalise(raw)
    verb, _, target = typed.partition(" ")
    if verb in ("g", "go", "goto"):
        return GoTo(target.strip().upper())
    return ANSWER_KEYS.get(typed) or _ANSWER_WORDS.get(typed) or _COMMAND_WORDS.get(typed)


NOTE_QUESTION = {
    Answer.YES: "Note",
    Answer.PARTLY: "What is missing?",
    Answer.NO: "What is missing?",
    Answer.DONT_KNOW: "What would you need to find out?",
    Answer.NOT_APPLICABLE: "Why does it not apply?",
}


class _Walk:
    """One run through a profile's questions."""

    def __init__(self, store: AnswersStore, prompter: Prompter) -> None:
        self.store = store
        self.prompter = prompter
        self.items = store.questions()
        self.sections = [
            section
            for section in store.checklist.sections
            if any(store.checklist.section_of[item.id] is section for item in self.items)
        ]
        self.shown_section: Section | None = None
        self.at_start = dict(store.answers.responses)
        # Skipped with s in this run and not answered since: told apart from those not reached.
        self.skipped: set[str] = set()

    def answered(self, index: int) -> bool:
        response = self.store.response(self.items[index].id)
        return response is not None and response.answer is not None

    def unanswered(self) -> list[int]:
        return [index for index in range(len(self.items)) if not self.answered(index)]

    def changed(self) -> int:
        """How many answers differ from when this run started."""
        now = self.store.answers.responses
        return sum(1 for rid in {*now, *self.at_start} if now.get(rid) != self.at_start.get(rid))

    def find(self, target: str) -> int | str:
        """The index of a question, or of a section's first question; else what is wrong."""
        for index, item in enumerate(self.items):
            if item.id == target:
                return index
        for index, item in enumerate(self.items):
            if self.store.checklist.section_of[item.id].id == target:
                return index
        checklist = self.store.checklist
        if target in checklist.requirements or any(s.id == target for s in checklist.sections):
            return f"{target} is not in profile {self.store.profile.id}."
        known = [item.id for item in self.items] + [section.id for section in self.sections]
        return (
            f"There is no question or section {target!r}{closest(target, known)}. "
            "Type l to list the sections and what is left in them."
        )

    def left_by_section(self, at: int) -> list[str]:
        """Each section with how many of its questions are answered; for the section of
        question ``at``, the ids still open, skipped ones marked. One line a section."""
        current = self.store.checklist.section_of[self.items[at].id]
        listing = ["Answered so far, by section:"]
        for section in self.sections:
            members = [
                index
                for index, item in enumerate(self.items)
                if self.store.checklist.section_of[item.id] is section
            ]
            left = [self.items[index].id for index in members if not self.answered(index)]
            line = f"  {section.id} {section.title}: {len(members) - len(left)} of {len(members)}"
            if section is current and left:
                open_ids = [f"{rid} (skipped)" if rid in self.skipped else rid for rid in left]
                line += f"; open here: {', '.join(open_ids)}"
            listing.append(line)
        listing.append("Type g and an id to go there, e.g. g " + self.items[-1].id + ".")
        return listing

    def go(self, index: int, *, skip_answered: bool) -> Outcome:
        """Ask from ``index`` to the end.

        With ``skip_answered``, moving forward passes over answered questions, except those
        the user has already been shown in this pass (reached again after going back).
        """
        furthest = index
        while index < len(self.items):
            try:
                command = self.ask(index)
            except QuitRequested:
                command = Command.QUIT
            if command is Command.QUIT:
                return Outcome.QUIT
            if isinstance(command, int):
                index = furthest = command
                continue
            if command is Command.BACK:
                if index == 0:
                    self.prompter.say("This is the first question; there is none before it.")
                else:
                    index -= 1
                    self.prompter.say(f"Back to {self.items[index].id}.")
                continue
            if command is Command.SKIP:
                self.skipped.add(self.items[index].id)
                self.prompter.say(
                    f"Skipped {self.items[index].id} for now; it is offered again at the end."
                )
            index += 1
            while skip_answered and furthest < index < len(self.items) and self.answered(index):
                index += 1
            furthest = max(furthest, index)
        return Outcome.FINISHED

    def view(self, index: int) -> QuestionView:
        requirement = self.items[index]
        section = self.store.checklist.section_of[requirement.id]
        members = [
            item for item in self.items if self.store.checklist.section_of[item.id] is section
        ]
        answered = len(self.items) - len(self.unanswered())
        return QuestionView(
            requirement=requirement,
            section_number=self.sections.index(section) + 1,
            sections=len(self.sections),
            number=members.index(requirement) + 1,
            questions=len(members),
            percent_answered=100.0 * answered / len(self.items),
            current=self.store.response(requirement.id),
            choices=choices(requirement),
        )

    def ask(self, index: int) -> Command | int:
        """Put one question until it is answered, skipped, or the user moves away (an index)."""
        view = self.view(index)
        requirement = view.requirement
        section = self.store.checklist.section_of[requirement.id]
        if section is not self.shown_section:
            self.prompter.show_section(
                SectionView(section, view.section_number, view.sections, view.questions)
            )
            self.shown_section = section
        self.prompter.show_question(view)
        has_answer = view.current is not None and view.current.answer is not None
        proposal = view.current.proposal if view.current is not None else None
        proposed = proposal.answer if proposal is not None and not has_answer else None
        while True:
            raw = self.prompter.ask("Your answer: ")
            choice = parse_choice(raw)
            if isinstance(choice, Answer):
                if choice is Answer.NOT_APPLICABLE and not requirement.allow_not_applicable:
                    self.prompter.say(
                        f"Not applicable is not offered for {requirement.id}: every council is "
                        "expected to meet it. Type y, p, n or d."
                    )
                    continue
                self.record(requirement, choice)
                return Command.KEEP
            if isinstance(choice, GoTo):
                target = (
                    choice.target
                    or _normalise(
                        self.prompter.ask("Go to which question or section (its id)? ")
                    ).upper()
                )
                found = self.find(target) if target else "Nothing to go to; carrying on here."
                if isinstance(found, int):
                    return found
                self.prompter.say(found)
                self.prompter.show_reminder(view)
                continue
            if choice is Command.GUIDANCE:
                self.prompter.show_guidance(requirement, self.store.checklist)
                self.prompter.show_reminder(view)
                continue
            if choice is Command.LIST:
                for line in self.left_by_section(index):
                    self.prompter.say(line)
                self.prompter.show_reminder(view)
                continue
            if choice is Command.KEEP and proposed is not None:
                self.record(requirement, proposed)
                return Command.KEEP
            if choice is Command.KEEP and not has_answer:
                self.prompter.say("Type a letter, then Enter; s skips this question for now.")
                continue
            if choice is None:
                keys = "y, p, n, d, x" if requirement.allow_not_applicable else "y, p, n, d"
                self.prompter.say(
                    f"{raw.strip()!r} is not one of the choices. Type {keys}, ?, b, s, l, g or "
                    "q, then Enter."
                )
                continue
            return choice

    def record(self, requirement: Requirement, answer: Answer) -> None:
        """Save an answer, then ask for its note and evidence, saving each as it comes."""
        previous = self.store.response(requirement.id) or Response()
        # An answer a person gives settles any proposal carried across from another checklist.
        response = previous.model_copy(update={"answer": answer, "proposal": None})
        # Not applicable without a note would be an invalid file, so it waits for the note.
        if answer is not Answer.NOT_APPLICABLE:
            self.put(requirement.id, response)
        note = self.ask_note(answer, response.note, previous.answer)
        if answer is Answer.NOT_APPLICABLE or note != response.note:
            self.put(requirement.id, response.model_copy(update={"note": note}))
        self.ask_evidence(requirement.id)

    def ask_note(self, answer: Answer, current: str | None, was: Answer | None) -> str | None:
        required = answer is Answer.NOT_APPLICABLE
        # A note answers the question put with the earlier answer ("what would you need to find
        # out?"): under another answer it is stale, so Enter drops it and + keeps it.
        stale = bool(current) and was is not None and NOTE_QUESTION[was] != NOTE_QUESTION[answer]
        if stale:
            self.prompter.say(f"Note given with {ANSWER_LABEL[was]}: {current}")
            tail = "Enter removes it, + keeps it"
        elif current:
            self.prompter.say(f"Current note: {current}")
            tail = "Enter keeps it, - removes it"
        else:
            tail = "required" if required else "optional; Enter to skip"
        while True:
            typed = self.prompter.ask(f"{NOTE_QUESTION[answer]} ({tail}): ").strip()
            if stale:
                note = current if typed == "+" else None if typed == "-" else typed or None
            else:
                note = None if typed == "-" else typed or current
            if note or not required:
                return note
            self.prompter.say(
                "A note is needed for not applicable: say why the question does not apply."
            )

    def ask_evidence(self, requirement_id: str) -> None:
        response = self.store.response(requirement_id)
        assert response is not None  # record() has just saved it
        if response.evidence:
            shown = "; ".join(entry.line() for entry in response.evidence)
            self.prompter.say(f"Evidence recorded: {shown}")
            prompt = "Another evidence reference (Enter when done, - removes them all): "
        else:
            prompt = "Evidence reference (optional; Enter when done): "
        while typed := self.prompter.ask(prompt).strip():
            try:
                entry = parse_line(typed)
            except ValueError as error:
                self.prompter.say(f"{error}.")
                continue
            evidence = [] if typed == "-" else [*response.evidence, entry]
            response = response.model_copy(update={"evidence": evidence})
            self.put(requirement_id, response)

    def put(self, requirement_id: str, response: Response) -> None:
        self.store.put(requirement_id, response)
        removed, self.store.removed_sign_off = self.store.removed_sign_off, None
        if removed is not None:
            self.prompter.say(f"The sign-off by {removed.signer} no longer holds: it was removed.")


def next_steps(path: Path, assessment: Assessment, report: Path | None = None) -> list[str]:
    """What to do with the answers now, in words, each command whole on its own line."""
    absolute = path.absolute()
    # Named as typed in this folder, the commands fit one row; the full path is said below them.
    shown = absolute.relative_to(Path.cwd()) if absolute.parent == Path.cwd() else absolute
    quoted = shlex.quote(str(shown))
    steps = ["What next:"]
    if not assessment.complete:
        steps += ["Answer the questions left:", f"  compliance-check assess --resume {quoted}"]
    if report is None:
        steps += [
            "The gap report for your audit committee, with the action plan:",
            f"  compliance-check report {quoted}",
        ]
    else:
        steps += ["The gap report for your audit committee is in:", f"  {report.absolute()}"]
    # The end must fit one 80 by 24 screen: the sign-off is named in the heading, not a row more.
    steps += [
        "Change answers later, or have them signed off (compliance-check sign --help):",
        f"  compliance-check assess --review {quoted}",
    ]
    return steps


def finish(
    store: AnswersStore, prompter: Prompter, report: Callable[[Assessment], Path] | None = None
) -> Assessment:
    """The end of a finished questionnaire: the summary, what next, and the headline last.

    ``report`` writes the gap report first, so that its path is among the next steps.
    """
    assessment = score(store.checklist, store.answers, store.profile)
    written = report(assessment) if report is not None else None
    below = [
        *next_steps(store.path, assessment, written),
        "",
        *headline(assessment),
        f"Answers file: {store.path.absolute()}",
    ]
    prompter.show_summary(assessment, below)
    for line in below:
        prompter.say(line)
    return assessment


def run_wizard(
    store: AnswersStore,
    prompter: Prompter,
    *,
    review: bool = False,
    start_at: str | None = None,
    report: Callable[[Assessment], Path] | None = None,
) -> Outcome:
    """Ask the profile's questions, saving every answer before the next question is shown.

    A new or resumed assessment starts at the first unanswered question; ``review`` walks
    every question from the first, showing the answer given so far; ``start_at`` (a question
    or section id) starts there instead. The end shows the score (see finish()).
    """
    walk = _Walk(store, prompter)
    left = walk.unanswered()
    answered = len(walk.items) - len(left)
    if start_at is not None:
        found = walk.find(start_at.upper())
        if isinstance(found, str):
            raise OutputError(found, path=store.path)
        index = found
    elif review:
        index = 0
    else:
        index = left[0] if left else len(walk.items)
    if index == len(walk.items):
        prompter.say(
            "Every question in this profile has an answer; to change answers use --review."
        )
    elif review:
        prompter.say(
            f"Reviewing from {walk.items[index].id}: {answered} of {len(walk.items)} answered. "
            "Enter keeps an answer; l lists what is left, g ID goes to a question."
        )
    elif answered:
        prompter.say(
            f"Welcome back: {answered} of {len(walk.items)} answered; carrying on at "
            f"{walk.items[index].id}."
        )
    if (signed := store.answers.sign_off) is not None:
        prompter.say(f"Signed off by {signed.signer}: changing an answer removes the sign-off.")
    skip_answered = not review
    while walk.go(index, skip_answered=skip_answered) is Outcome.FINISHED:
        left = walk.unanswered()
        if not left or not _confirm(
            prompter,
            f"{plural(len(left), 'question')} not answered yet "
            f"({_listed([walk.items[i].id for i in left])}). Answer them now?",
        ):
            finish(store, prompter, report)
            return Outcome.FINISHED
        index, skip_answered = left[0], True
    if review:
        changed = walk.changed()
        prompter.say(f"{plural(changed, 'answer')} changed in this review.")
    prompter.say(store.resume_message())
    return Outcome.QUIT


def _listed(ids: list[str], shown: int = 5) -> str:
    return ", ".join(ids[:shown]) + (f" and {len(ids) - shown} more" if len(ids) > shown else "")


def _confirm(prompter: Prompter, question: str) -> bool:
    while True:
        try:
            typed = _normalise(prompter.ask(f"{question} [y] yes  [n] no, finish now: "))
        except QuitRequested:
            typed = "n"
        if typed in ("y", "yes", "n", "no"):
            return typed.startswith("y")
        prompter.say("Type y or n, then Enter.")
