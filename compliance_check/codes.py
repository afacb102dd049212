"""Codes the command line accepts as option values, kept free of heavy imports for `--help`."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """The respondent's role, as the 2009 survey grouped its respondents."""

    CHIEF_EXECUTIVE = "chief_executive"
    SENIOR_CORPORATE_OFFICER = "senior_corporate_officer"
    ELECTED_MEMBER = "elected_member"
    HEAD_OF_IT = "head_of_it"
    IT_STAFF = "it_staff"
    DEPARTMENTAL_MANAGER = "departmental_manager"
    DEPARTMENTAL_STAFF = "departmental_staff"
    INFORMATION_GOVERNANCE = "information_governance"
    OTHER = "other"


class AuthorityType(StrEnum):
    """The kind of authority answering."""

    COUNTY = "county"
    DISTRICT = "district"
    UNITARY = "unitary"
    METROPOLITAN = "metropolitan"
    LONDON_BOROUGH = "london_borough"
    WELSH_UNITARY = "welsh_unitary"
    SCOTTISH = "scottish"
    NORTHERN_IRELAND = "northern_ireland"
    OTHER = "other"


class SchemaKind(StrEnum):
    """The file formats a schema can be printed for."""

    ANSWERS = "answers"
    CHECKLIST = "checklist"
    CROSSWALK = "crosswalk"


class OutputFormat(StrEnum):
    """How a command prints its result."""

    TABLE = "table"
    JSON = "json"


class ConflictPolicy(StrEnum):
    """What batch counts of a submission sent in two versions with different answers."""

    REJECT = "reject"  # count none; the batch exits 3 until the regional body settles it
    OMIT = "omit"  # count none, and accept the cohort without them
    LOWEST = "lowest"  # count the version with the lowest score: never overstate compliance


class TemplateFormat(StrEnum):
    """The kinds of blank file ``template`` writes."""

    YAML = "yaml"
    XLSX = "xlsx"
