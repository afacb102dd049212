"""`--help` written for people: plain words wrapped at word boundaries, commands in working order.

Typer's own help prints programmers' types (``<bool>``, ``<float range>``), cuts words to fit
its columns and draws boxes a screen reader reads aloud. This renders the same commands and
options as plain text instead, and imports nothing beyond what Click already loaded.
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
from collections.abc import Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from typer import Abort, BadParameter, echo
from typer.core import TyperCommand, TyperGroup

# Newer Typers carry their own copy of Click: its error classes are reached from a public one.
_USAGE_ERROR: type[Exception] = next(c for c in BadParameter.__mro__ if c.__name__ == "UsageError")
_CLICK_ERROR: type[Exception] = next(
    c for c in BadParameter.__mro__ if c.__name__ == "ClickException"
)
# How Typer says a value did not convert: its words, not ours, so the option's own are given.
_TYPERS_WORDS = re.compile(r"^(?:Input should be|Value error,|Invalid value|.* does not match)")

# The order a council works in; commands not named here follow, in the order they were added.
# The briefing for members follows the six, first of the rest.
COMMAND_ORDER = ("assess", "template", "score", "report", "compare", "batch", "brief")
MAX_WIDTH = 100
OPTION_COLUMN = 26
# Rich markup a docstring may carry, to be shown as plain text.
_MARKUP = re.compile(r"\[/?(?:bold|b|dim|italic|i|underline|u)?\]")


def help_width() -> int:
    """The terminal's width (COLUMNS wins), capped so that lines stay readable."""
    return min(shutil.get_terminal_size((80, 24)).columns, MAX_WIDTH)


def _wrap(text: str, width: int, indent: str = "", first: str | None = None) -> list[str]:
    # Words are never cut or split at hyphens: a long word overflows rather than breaks.
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def _plain(text: str) -> str:
    return _MARKUP.sub("", text)


def describe_text(text: str, width: int) -> list[str]:
    """A docstring as wrapped paragraphs; an ``Example:`` paragraph stays on one line."""
    lines: list[str] = []
    for paragraph in re.split(r"\n\s*\n", textwrap.dedent(_plain(text)).strip()):
        words = " ".join(paragraph.split())
        if not words:
            continue
        if lines:
            lines.append("")
        if words.startswith("Example:"):
            lines += ["Example:", "  " + words.removeprefix("Example:").strip()]
        else:
            lines += _wrap(words, width)
    return lines


def _base_type(annotation: Any) -> Any:
    """The type of one value: ``list[Path]`` and ``Path | None`` give Path."""
    arguments = [a for a in getattr(annotation, "__args__", ()) if a is not type(None)]
    return _base_type(arguments[0]) if arguments else annotation


def _value_name(param: Any) -> str:
    """The word shown after an option for its value: FILE, NUMBER, ROLE..."""
    if getattr(param, "is_flag", False):
        return ""
    if param.metavar:
        return str(param.metavar).strip("{}").removesuffix("...")
    kind = param.type_descriptor
    if kind.is_choice:
        return str(max(param.opts, key=len)).lstrip("-").upper()
    base = _base_type(kind.annotation)
    if kind.is_path or kind.is_file or base is Path:
        return "FOLDER" if getattr(kind.parameter_info, "file_okay", True) is False else "FILE"
    if kind.is_datetime:
        return "YYYY-MM-DD"
    return {int: "N", float: "NUMBER"}.get(base, "TEXT")


def _choice(value: object) -> str:
    return str(value.value if isinstance(value, Enum) else value)


def _details(param: Any) -> str:
    """The help of one option with its choices, bounds and default in words."""
    parts = [_plain(param.help or "").strip()]
    kind = param.type_descriptor
    if kind.is_choice and kind.choices:
        parts.append("One of: " + ", ".join(_choice(choice) for choice in kind.choices) + ".")
    low = getattr(kind.parameter_info, "min", None)
    high = getattr(kind.parameter_info, "max", None)
    if low is not None and high is not None:
        parts.append(f"From {low:g} to {high:g}.")
    elif low is not None:
        parts.append(f"At least {low:g}.")
    default = param.default
    if (
        param.show_default
        and not getattr(param, "is_flag", False)
        and default not in (None, [], ())
        and not callable(default)
    ):
        parts.append(f"Default: {_choice(default)}.")
    return " ".join(part for part in parts if part)


def _entry(name: str, details: str, width: int, column: int = OPTION_COLUMN) -> list[str]:
    """One option or command: its name, then its help in a column (or below, if long)."""
    indent = " " * (column + 4)
    head = f"  {name}"
    if len(head) <= column + 2:
        return _wrap(details, width, indent, first=head.ljust(column + 4))
    return [head, *_wrap(details, width, indent)] if details else [head]


def _argument_usage(param: Any) -> str:
    name = _value_name(param) or str(param.name).upper()
    if param.nargs == -1:
        name += "..."
    return name if param.required else f"[{name}]"


def usage(command: Any, ctx: Any) -> str:
    """The usage line: the command path, [OPTIONS], then the arguments in order."""
    pieces = [ctx.command_path, "[OPTIONS]"]
    pieces += [_argument_usage(p) for p in command.params if p.param_type_name == "argument"]
    if isinstance(command, TyperGroup):
        pieces.append("COMMAND [ARGS]...")
    return "Usage: " + " ".join(pieces)


def _options(command: Any, ctx: Any, width: int) -> list[str]:
    lines: list[str] = []
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    if arguments:
        lines += ["", "Arguments:"]
        for param in arguments:
            lines += _entry(_argument_usage(param).strip("[]"), _details(param), width)
    lines += ["", "Options:"]
    options = [p for p in command.params if p.param_type_name == "option" and not p.hidden]
    help_option = command.get_help_option(ctx)
    for param in [*options, *([help_option] if help_option else [])]:
        names = ", ".join(sorted(param.opts, key=len, reverse=True))
        value = _value_name(param)
        lines += _entry(f"{names} {value}".strip(), _details(param), width)
    return lines


def ordered(names: Iterable[str]) -> list[str]:
    """Command names in the order a council uses them, then the rest as added."""
    names = list(names)
    first = [name for name in COMMAND_ORDER if name in names]
    return first + [name for name in names if name not in first]


def _short(command: Any) -> str:
    text = _plain(command.help or "")
    return " ".join(re.split(r"\n\s*\n", text.strip())[0].split())


def render(command: Any, ctx: Any) -> str:
    """The whole help of a command or group as plain text."""
    width = help_width()
    lines = [usage(command, ctx), "", *describe_text(command.help or "", width)]
    lines += _options(command, ctx, width)
    if isinstance(command, TyperGroup):
        lines += ["", "Commands, in the order they are used:"]
        names = command.list_commands(ctx)
        column = max(map(len, names), default=0)
        for name in names:
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                lines += _entry(name, _short(sub), width, column)
        lines += ["", f"Each command has its own help: {ctx.command_path} COMMAND --help"]
    return "\n".join(lines) + "\n"


class HelpCommand(TyperCommand):
    """A command whose --help is plain text for people."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(render(self, ctx))


def _example(command: Any) -> str | None:
    """The example a command's help gives, if any."""
    found = re.search(r"Example:\s*(.+)", _plain(getattr(command, "help", None) or ""))
    return " ".join(found.group(1).split()) if found else None


def _sample(param: Any) -> str:
    """A value an option takes, to show in an example."""
    kind = param.type_descriptor
    if kind.is_choice and kind.choices:
        return _choice(kind.choices[0])
    if kind.is_datetime:
        return "2026-11-25"
    low = getattr(kind.parameter_info, "min", None)
    high = getattr(kind.parameter_info, "max", None)
    if isinstance(param.default, int | float) and not isinstance(param.default, bool):
        return f"{param.default:g}"
    if low is not None and high is not None:
        return f"{low + (high - low) * 0.8:g}"
    if low is not None:
        return f"{low + 1:g}"
    return _value_name(param)


def _takes(param: Any) -> str:
    """What an option's value must be, in words: "a number from 0 to 100"."""
    kind = param.type_descriptor
    if kind.is_choice and kind.choices:
        return "one of " + ", ".join(_choice(choice) for choice in kind.choices)
    if kind.is_datetime:
        return "a date written YYYY-MM-DD"
    base = _base_type(kind.annotation)
    what = {int: "a whole number", float: "a number"}.get(base, "a value")
    low = getattr(kind.parameter_info, "min", None)
    high = getattr(kind.parameter_info, "max", None)
    if low is not None and high is not None:
        return f"{what} from {low:g} to {high:g}"
    return f"{what} of at least {low:g}" if low is not None else what


def _named(param: Any) -> str:
    if param.param_type_name == "argument":
        return _argument_usage(param).strip("[]")
    return " or ".join(sorted(param.opts, key=len, reverse=True))


def usage_error_line(error: Any) -> str:
    """A mistake in the command as one plain line: what is wrong, an example, where to look."""
    ctx = getattr(error, "ctx", None)
    command = ctx.command if ctx is not None else None
    path = ctx.command_path if ctx is not None else "compliance-check"
    param = getattr(error, "param", None)
    kind = type(error).__name__
    message = " ".join(str(getattr(error, "message", error)).split()).rstrip(".")
    example = _example(command) if command is not None else None
    if kind == "NoSuchOption":
        said = f"{path} has no option {error.option_name}"
        if error.possibilities:
            said += f" (did you mean {' or '.join(sorted(error.possibilities))}?)"
    elif kind == "MissingParameter" and param is not None:
        help_text = _plain(param.help or "").strip().rstrip(".")
        said = f"{path} needs {_named(param)}" + (
            f": {help_text[:1].lower()}{help_text[1:]}" if help_text else ""
        )
    elif param is not None and param.param_type_name == "option":
        option = max(param.opts, key=len)
        if _TYPERS_WORDS.match(message):
            said = f"{option} takes {_takes(param)}"
        else:
            said = f"{option}: {message}"
        if example is None or option not in example.split():
            example = f"{example or path} {option} {_sample(param)}"
    elif found := re.match(r"No such command '(.*?)'(?:\. Did you mean '(.*?)'\?)?", message):
        said = f"there is no command {found.group(1)!r}"
        said += f" (did you mean {found.group(2)}?)" if found.group(2) else ""
    elif found := re.match(r"Got unexpected extra argument\S* \((.*)\)", message):
        said = (
            f"{found.group(1)!r} is more than {path} takes (a name with spaces needs quotes "
            "around it)"
        )
    elif found := re.match(r"[Oo]ption '(.*?)' requires an argument", message):
        said = f"{found.group(1)} needs a value after it"
    else:
        said = message[:1].lower() + message[1:]
        if hint := getattr(error, "param_hint", None):
            # Our own words, raised by a command, already say what to do instead.
            said, example = f"{str(hint).replace(chr(39), '')}: {said}", None
    if example:
        said += f", e.g. {example}"
    return f"error: {said} (more in {path} --help)"


def _adopt(group: TyperGroup) -> None:
    """Give every command under ``group`` this help; Typer built them with its own classes."""
    for command in group.commands.values():
        if type(command) is TyperCommand:
            command.__class__ = HelpCommand
        elif type(command) is TyperGroup:
            command.__class__ = HelpGroup
            _adopt(command)


class HelpGroup(TyperGroup):
    """A group listing its commands in working order, with plain-text help for all of them.

    Commands added with Typer's default class get this help too, so a new command cannot
    bring back the programmers' help by forgetting a ``cls=`` argument.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _adopt(self)

    def list_commands(self, ctx: Any) -> list[str]:
        return ordered(self.commands)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # Typer drops the text of its "no arguments, so help" error, expecting its own help
        # formatter to have printed already; this prints ours, with the same exit code 2.
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            echo(ctx.get_help())
            ctx.exit(2)
        result: list[str] = super().parse_args(ctx, args)
        return result

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(render(self, ctx))

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **kwargs: Any,
    ) -> Any:
        """Run, with every mistake in the command said as one plain line (exit 2).

        Typer draws such errors in a box, under TERM=dumb too, in Click's words and with
        its names for values ({ANSWERS}); a screen reader reads the box aloud.
        """
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **kwargs)
        try:
            outcome = super().main(
                args, prog_name, complete_var, False, windows_expand_args, **kwargs
            )
        except _USAGE_ERROR as error:
            echo(usage_error_line(error), err=True)
            sys.exit(2)
        except _CLICK_ERROR as error:
            shown: Any = error
            shown.show()
            sys.exit(shown.exit_code)
        except Abort:
            echo("Aborted.", err=True)
            sys.exit(1)
        # Without standalone mode Typer returns an Exit's code; a command that ends returns None.
        sys.exit(outcome if isinstance(outcome, int) else 0)
