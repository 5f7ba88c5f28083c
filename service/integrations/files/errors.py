"""Why an uploaded activity file was refused, in English and Dutch, and where in the file.

Every refusal is one exception, :class:`FileRejected`, with a stable ``code`` that callers may
branch on and show, a ``where`` that points into the file, and a one-line message::

    FileRejected
      .code       stable snake_case, one of MESSAGES
      .where      "byte 7471, message 503", "line 40, column 3", "member 2021/run.fit, byte 769"
      .problems   for an archive: the rejected members, each a FileRejected of its own
      str(e)      the English one-liner; e.message("nl") the Dutch one
"""

from __future__ import annotations

from dataclasses import dataclass, replace

LOCALES = ("en", "nl")

#: code → locale → template. Templates take the exception's params and end without a full stop.
MESSAGES: dict[str, dict[str, str]] = {
    "empty_file": {
        "en": "The file is empty",
        "nl": "Het bestand is leeg",
    },
    "file_too_large": {
        "en": "The file is larger than the limit of {limit_mb} MB",
        "nl": "Het bestand is groter dan de limiet van {limit_mb} MB",
    },
    "unsupported_format": {
        "en": "This is not a FIT, GPX, TCX or ZIP activity file",
        "nl": "Dit is geen FIT-, GPX-, TCX- of ZIP-activiteitenbestand",
    },
    "fit_header_invalid": {
        "en": "The FIT file header is invalid",
        "nl": "De kop van het FIT-bestand is ongeldig",
    },
    "fit_crc_mismatch": {
        "en": "The FIT file's checksum does not match its content, so the file was altered or "
        "damaged",
        "nl": "De controlesom van het FIT-bestand klopt niet met de inhoud, dus het bestand is "
        "gewijzigd of beschadigd",
    },
    "fit_truncated": {
        "en": "The FIT file is cut off before its end",
        "nl": "Het FIT-bestand is afgebroken vóór het einde",
    },
    "fit_unterminated": {
        "en": "The recording was never finished: the FIT file has no summary and stops before "
        "its end",
        "nl": "De opname is nooit afgesloten: het FIT-bestand heeft geen samenvatting en stopt "
        "vóór het einde",
    },
    "fit_undefined_message": {
        "en": "The FIT file uses a message type it never defined (local message {local})",
        "nl": "Het FIT-bestand gebruikt een berichttype dat het nooit heeft gedefinieerd "
        "(lokaal bericht {local})",
    },
    "fit_malformed": {
        "en": "The FIT file is malformed and cannot be read further",
        "nl": "Het FIT-bestand is misvormd en kan niet verder worden gelezen",
    },
    "fit_no_absolute_time": {
        "en": "The FIT file holds no date, only the time since the device was switched on",
        "nl": "Het FIT-bestand bevat geen datum, alleen de tijd sinds het apparaat aanging",
    },
    "not_an_activity": {
        "en": "This FIT file is not an activity but a {kind} file",
        "nl": "Dit FIT-bestand is geen activiteit maar een {kind}-bestand",
    },
    "no_activity_data": {
        "en": "The file holds no activity data",
        "nl": "Het bestand bevat geen activiteitsgegevens",
    },
    "no_timestamps": {
        "en": "The file has no timestamps, so the start and duration of the activity are unknown",
        "nl": "Het bestand heeft geen tijdstempels, dus begin en duur van de activiteit zijn "
        "onbekend",
    },
    "date_out_of_range": {
        "en": "The activity is dated {day}, before 1990 or after tomorrow, so the recording "
        "device's clock was wrong",
        "nl": "De activiteit is gedateerd op {day}, vóór 1990 of na morgen, dus de klok van het "
        "opnameapparaat stond verkeerd",
    },
    "summaries_invalid": {
        "en": "The activity summaries of the Garmin export cannot be read",
        "nl": "De activiteitsamenvattingen van de Garmin-export kunnen niet worden gelezen",
    },
    "xml_malformed": {
        "en": "The file is not well-formed XML",
        "nl": "Het bestand is geen geldige XML",
    },
    "xml_forbidden": {
        "en": "The XML file declares a document type or entities, which activity files never use",
        "nl": "Het XML-bestand declareert een documenttype of entiteiten, "
        "die activiteitenbestanden nooit gebruiken",
    },
    "gpx_invalid": {
        "en": "The GPX file holds a value that cannot be read",
        "nl": "Het GPX-bestand bevat een waarde die niet kan worden gelezen",
    },
    "tcx_invalid": {
        "en": "The TCX file holds a value that cannot be read",
        "nl": "Het TCX-bestand bevat een waarde die niet kan worden gelezen",
    },
    "archive_invalid": {
        "en": "The ZIP archive cannot be read",
        "nl": "Het ZIP-archief kan niet worden gelezen",
    },
    "archive_too_many_members": {
        "en": "The archive holds more than {limit} files",
        "nl": "Het archief bevat meer dan {limit} bestanden",
    },
    "archive_too_large": {
        "en": "The archive unpacks to more than {limit_mb} MB",
        "nl": "Het archief pakt uit tot meer dan {limit_mb} MB",
    },
    "archive_too_slow": {
        "en": "The archive takes longer than {seconds} seconds to read; upload it in parts",
        "nl": "Het archief inlezen duurt langer dan {seconds} seconden; upload het in delen",
    },
    "archive_unsafe_member_name": {
        "en": "The archive holds a file whose name points outside the archive",
        "nl": "Het archief bevat een bestand waarvan de naam buiten het archief wijst",
    },
    "archive_nested_too_deep": {
        "en": "The archive holds an archive inside an archive inside the archive",
        "nl": "Het archief bevat een archief in een archief in het archief",
    },
    "archive_member_unreadable": {
        "en": "The file cannot be unpacked from the archive",
        "nl": "Het bestand kan niet uit het archief worden uitgepakt",
    },
    "archive_member_rejected": {
        "en": "{count} of the activity files in the archive cannot be imported; the first: {first}",
        "nl": "{count} van de activiteitenbestanden in het archief kunnen niet worden "
        "geïmporteerd; het eerste: {first}",
    },
    "archive_no_activities": {
        "en": "The archive holds no FIT, GPX or TCX activity file",
        "nl": "Het archief bevat geen FIT-, GPX- of TCX-activiteitenbestand",
    },
}

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "member": "member",
        "byte": "byte",
        "message": "message",
        "line": "line",
        "column": "column",
    },
    "nl": {
        "member": "bestand",
        "byte": "byte",
        "message": "bericht",
        "line": "regel",
        "column": "kolom",
    },
}


@dataclass(frozen=True, slots=True)
class Location:
    """A point in a file: archive member, byte offset, FIT message index (0-based), line, column."""

    member: str | None = None
    byte: int | None = None
    message: int | None = None
    line: int | None = None
    column: int | None = None

    def inside(self, member: str) -> Location:
        """The same point seen from the archive that holds it as ``member``."""
        path = member if self.member is None else f"{member}/{self.member}"
        return replace(self, member=path)

    def render(self, locale: str = "en") -> str:
        labels = _LABELS.get(locale, _LABELS["en"])
        parts = [
            f"{labels[name]} {value}"
            for name in ("member", "byte", "message", "line", "column")
            if (value := getattr(self, name)) is not None
        ]
        return ", ".join(parts)


class FileRejected(Exception):
    """An uploaded file that cannot be imported: see the module docstring for the fields."""

    def __init__(
        self,
        code: str,
        location: Location | None = None,
        *,
        problems: tuple[FileRejected, ...] = (),
        **params: str | int,
    ) -> None:
        if code not in MESSAGES:
            raise ValueError(f"unknown rejection code {code!r}")
        self.code = code
        self.location = location
        self.problems = problems
        self.params = params
        super().__init__(self.message("en"))

    @property
    def where(self) -> str | None:
        return self.location.render("en") if self.location else None

    def message(self, locale: str = "en") -> str:
        """The one-line message in ``locale``: "en" or "nl", anything else gets English."""
        templates = MESSAGES[self.code]
        params: dict[str, str | int] = dict(self.params)
        if self.problems:
            params["first"] = self.problems[0].message(locale).rstrip(".")
        text = templates.get(locale, templates["en"]).format(**params)
        if self.location is None:
            return f"{text}."
        return f"{text} ({self.location.render(locale)})."

    def inside(self, member: str) -> FileRejected:
        """The same rejection, located inside the archive member ``member``."""
        location = (self.location or Location()).inside(member)
        return FileRejected(self.code, location, problems=self.problems, **self.params)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.code, self.location, self.problems, self.params))


def _rebuild(
    code: str,
    location: Location | None,
    problems: tuple[FileRejected, ...],
    params: dict[str, str | int],
) -> FileRejected:
    return FileRejected(code, location, problems=problems, **params)
