"""The wizard's questions on a real terminal: Rich for the screen, line editing for the answers."""

from __future__ import annotations

import select
import sys
import textwrap

from rich.console import Console
from rich.text import Text

from compliance_check.assess.ending import end_summary, rows_of
from compliance_check.assess.wizard import (
    QuestionView,
    QuitRequested,
    SectionView,
    plural,
)
from compliance_check.model.baselines import requirement_notes
from compliance_check.model.checklist import Checklist, Requirement
from compliance_check.model.scoring import Assessment
from compliance_check.pages.labels import ANSWER_LABEL
from compliance_check.pages.layout import Layout, choose_layout


def packed_lines(line: str, width: int) -> list[str]:
    """A line of choices broken between choices (two spaces apart), never inside one."""
    packed: list[str] = []
    for choice in line.split("  "):
        if packed and len(packed[-1]) + 2 + len(choice) <= width:
            packed[-1] += "  " + choice
        else:
            packed.append(choice)
    return packed


def has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _wait_for_a_line() -> None:
    """Return when a line can be read from a terminal, handling Ctrl-C while waiting.

    A Ctrl-C that lands just before input() blocks in read() is only acted on once a line is
    typed: on a busy machine that window is wide. Waiting in short selects lets Python raise
    KeyboardInterrupt between them instead.
    """
    if not sys.stdin.isatty():
        return
    while not select.select([sys.stdin], [], [], 0.2)[0]:
        pass


class TerminalPrompter:
    """Plain prompts on a Rich console, read a line at a time (a key, then Enter).

    Line input works the same on a terminal, through a screen reader, in tmux and from a
    pipe, and leaves Ctrl-C to the terminal, which turns it into KeyboardInterrupt.
    """

    def __init__(self, console: Console, layout: Layout | None = None) -> None:
        self.console = console
        self.layout = layout or choose_layout(console)

    def ask(self, prompt: str) -> str:
        while True:
            try:
                self.console.print(Text(prompt, style="bold"), end="")
                _wait_for_a_line()
                typed = self.console.input()
            except UnicodeDecodeError:
                typed = None
            except RuntimeError as error:  # input() with standard input closed: "lost sys.stdin"
                raise EOFError from error
            except EOFError:
                if sys.stdin.isatty():
                    self.console.print()
                    raise QuitRequested from None
                raise
            # Under a non-UTF-8 locale a stray byte arrives as a lone surrogate, which could be
            # neither saved nor shown: ask again rather than lose the answer later.
            if typed is not None and not has_surrogate(typed):
                break
            self.say("That line held a character that is not UTF-8 text; please type it again.")
        if not sys.stdin.isatty():
            # A terminal echoes what is typed; a script's log should read the same.
            self.console.print(typed, markup=False, highlight=False)
        return typed

    def say(self, message: str) -> None:
        for line in message.splitlines() or [""]:
            if "compliance-check " in line or "/" in line:
                # A path or a command is not broken by Rich, so that it can be copied whole.
                self.console.print(line, markup=False, highlight=False, soft_wrap=True)
            else:
                self.paragraph(line)

    def paragraph(self, text: str) -> None:
        """Prose, wrapped at word boundaries to the console's width."""
        self.console.print(text, markup=False, highlight=False)

    def show_section(self, view: SectionView) -> None:
        section = view.section
        self.console.print()
        self.console.print(
            Text(
                f"Section {view.number} of {view.sections}: {section.id} {section.title} "
                f"({plural(view.questions, 'question')})",
                style="bold",
            )
        )
        self.paragraph(section.introduction)

    def show_choices(self, view: QuestionView) -> None:
        for line in view.choices:
            for part in packed_lines(line, self.console.width):
                self.paragraph(part)

    def show_question(self, view: QuestionView) -> None:
        requirement = view.requirement
        self.console.print()
        self.paragraph(
            f"Section {view.section_number} of {view.sections}, question {view.number} of "
            f"{view.questions}. {view.percent_answered:.0f}% of all questions answered."
        )
        self.console.print(
            Text.assemble(
                (f"{requirement.id} ({requirement.priority.value}): ", "bold"),
                requirement.question,
            )
        )
        current = view.current
        if current is not None and current.answer is not None:
            note = f" ({current.note})" if current.note else ""
            self.paragraph(f"Current answer: {ANSWER_LABEL[current.answer]}{note}. Enter keeps it.")
        elif current is not None and current.proposal is not None:
            proposal = current.proposal
            if proposal.answer is not None:
                self.paragraph(
                    f"Proposed: {ANSWER_LABEL[proposal.answer]}, {proposal.provenance()}. "
                    "Enter accepts it; any other answer replaces it."
                )
            if proposal.review is not None:
                self.paragraph(f"To decide: {proposal.review} ({proposal.provenance()}).")
        self.show_choices(view)

    def show_reminder(self, view: QuestionView) -> None:
        requirement = view.requirement
        text = f"{requirement.id} ({requirement.priority.value}): {requirement.question}"
        first, *rest = textwrap.wrap(text, self.console.width - 2) or [text]
        self.console.print()
        self.console.print(Text(first + (" …" if rest else ""), style="bold"))
        self.show_choices(view)

    def show_guidance(self, requirement: Requirement, checklist: Checklist) -> None:
        self.console.print()
        self.console.print(Text(f"Guidance for {requirement.id}: {requirement.title}", "bold"))
        self.paragraph(f"Expected: {requirement.expectation}")
        self.paragraph(requirement.guidance)
        self.say("Evidence, for example:")
        for example in requirement.evidence_examples:
            self.paragraph(f"  - {example}")
        for label, said in requirement_notes(requirement, checklist):
            self.paragraph(f"{label}: {said}")

    def show_summary(self, assessment: Assessment, below: list[str]) -> None:
        width, height = self.console.size
        # The row under the last line holds the cursor, then the shell's prompt.
        rows = height - 2 - rows_of(below, width) if self.console.is_terminal else None
        self.console.print()
        for line in end_summary(assessment, width, rows):
            self.console.print(line, markup=False, highlight=False, soft_wrap=True)
