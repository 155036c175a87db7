"""Reports and call-out answers by text message (SMS, WhatsApp, Telegram).

The grammar is in Indonesian and forgiving about case, spacing and punctuation; `#`, `,`,
`;`, `:` and new lines may separate the parts:

    LAPOR <JENIS> <kode desa | nama desa> <keterangan>   report an incident
    TERIMA <kode>   /   TOLAK <kode>                       answer a call-out
    BATAL <kode laporan>                                   withdraw one's own report
    CEK <kode laporan>                                     status of a report
    BANTUAN  /  INFO                                       the formats

`handle_message` returns the reply to send back; the webhooks (sipsm.notifications) verify
the provider, rate-limit the sender and queue that reply on the same channel.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sipsm.core.errors import ActionError
from sipsm.core.ratelimit import hit
from sipsm.identity.fields import index_for
from sipsm.incidents.actions.dispatch import respond_to_alert
from sipsm.incidents.actions.lifecycle import IncidentReport, change_status, report_incident
from sipsm.incidents.links import respond_url
from sipsm.incidents.models import Assignment, Channel, Incident, IncidentType
from sipsm.notifications.addresses import sender_phone
from sipsm.regions import codes
from sipsm.regions.models import Region
from sipsm.regions.search import search_regions
from sipsm.regions.text import search_key

CHANNELS = {Channel.SMS, Channel.WHATSAPP, Channel.TELEGRAM}
REPORT_WORDS = {"LAPOR", "LAPORAN", "LAPORKAN"}
ACCEPT_WORDS = {"TERIMA", "SIAP"}
DECLINE_WORDS = {"TOLAK"}
CANCEL_WORDS = {"BATAL", "BATALKAN"}
STATUS_WORDS = {"CEK", "STATUS"}
HELP_WORDS = {"BANTUAN", "INFO", "HELP", "START", "MENU", "?"}
COMMANDS = REPORT_WORDS | ACCEPT_WORDS | DECLINE_WORDS | CANCEL_WORDS | STATUS_WORDS | HELP_WORDS
# Reports per phone number and hour, shared with the public form at /lapor/.
REPORTS_PER_PHONE = (5, 3600)
MAX_CANDIDATES = 3
MAX_NAME_WORDS = 4
EXAMPLE = "LAPOR BANJIR 7501011001 air setinggi lutut"

_HARD_SEPARATORS = "#,;:|\n"
_TOKEN = re.compile(r"([^\s#,;:|*]+)([\s#,;:|*]*)")
_EDGE_PUNCTUATION = "\"'.!?()[]{}<>"
_VILLAGE_CODE = re.compile(r"^\d{2}[.\-/]?\d{2}[.\-/]?\d{2}[.\-/]?\d{4}$")
_CODE_LIKE = re.compile(r"^[\d.\-/]{6,}$")
_PLACE_WORDS = {"di", "desa", "ds", "kel", "kelurahan", "kampung", "kp"}
_SIX_DIGITS = re.compile(r"^\d{6}$")


@dataclass(frozen=True)
class Token:
    text: str  # as typed, without separators
    start: int  # offset in the text the tokens were taken from
    hard_break: bool  # a separator such as "#" or "," follows

    @property
    def word(self) -> str:
        return self.text.strip(_EDGE_PUNCTUATION).lower()


def tokenize(text: str) -> list[Token]:
    return [
        Token(m.group(1), m.start(1), any(c in _HARD_SEPARATORS for c in m.group(2)))
        for m in _TOKEN.finditer(text)
        if m.group(1).strip(_EDGE_PUNCTUATION)
    ]


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").replace("\r", "\n").strip()


def command_of(text: str) -> str:
    """The command word of a message (`LAPOR`, `TERIMA` …), or "" when there is none."""
    tokens = tokenize(_clean(text))
    if not tokens:
        return ""
    word = tokens[0].word.lstrip("/").upper()
    return word if word in COMMANDS else ""


def phone_variants(phone: str) -> list[str]:
    """The ways a stored number may be written: +62812…, 62812…, 0812…."""
    digits = phone.lstrip("+")
    variants = [phone, digits]
    if digits.startswith("62"):
        variants.append("0" + digits[2:])
    return variants


def handle_message(*, channel: str, sender: str, text: str) -> str:
    """Act on one inbound message and return the reply.

    `sender` is the sender's phone number (any usual form), or "" when the channel does not
    tell it (a Telegram chat whose user has not shared their number).
    """
    if channel not in CHANNELS:
        raise ValueError(f"not a messaging channel: {channel}")
    phone = sender_phone(sender)
    body = _clean(text)
    with translation.override(settings.LANGUAGE_CODE):
        tokens = tokenize(body)
        if not tokens:
            return help_text()
        word = tokens[0].word.lstrip("/").upper()
        rest = tokens[1:]
        if word in REPORT_WORDS:
            return _report(channel, phone, body, rest)
        if word in ACCEPT_WORDS or word in DECLINE_WORDS:
            return _answer(channel, phone, rest, accept=word in ACCEPT_WORDS)
        if word in CANCEL_WORDS:
            return _cancel(channel, phone, rest)
        if word in STATUS_WORDS:
            return _status(rest)
        if word in HELP_WORDS:
            return help_text()
        return _("Message not understood.") + " " + help_text()


def help_text() -> str:
    return _(
        "IPSM by text message: LAPOR <TYPE> <village code or name> <what happened>, "
        "e.g. %(example)s. "
        "Answer a call-out: TERIMA <code> or TOLAK <code>. "
        "Withdraw your report: BATAL <report code>. Report status: CEK <report code>."
    ) % {"example": EXAMPLE}


# --- LAPOR ---------------------------------------------------------------------------------


def _type_vocabulary() -> tuple[dict[str, IncidentType], list[str]]:
    """Words for each incident type (code, name, keywords), and one keyword per type to show."""
    vocabulary: dict[str, IncidentType] = {}
    shown: list[str] = []
    kinds = list(IncidentType.objects.order_by("pk"))
    for kind in kinds:  # codes and names first: they win over another type's keyword
        for form in (kind.code, kind.code.replace("_", "-"), kind.code.replace("_", "")):
            vocabulary.setdefault(form.lower(), kind)
        for name in (kind.name, kind.name_en):
            key = search_key(name)
            vocabulary.setdefault(key.replace(" ", "-"), kind)
            vocabulary.setdefault(key.replace(" ", ""), kind)
    for kind in kinds:
        words = kind.keywords.lower().split()
        for keyword in words:
            vocabulary.setdefault(keyword, kind)
            vocabulary.setdefault(keyword.replace("-", ""), kind)
        shown.append((words[0] if words else kind.code).split("-")[-1].upper())
    return vocabulary, shown


def _match_type(tokens: list[Token]) -> tuple[IncidentType | None, int, list[str]]:
    """The incident type named by the first tokens, and how many tokens it took."""
    vocabulary, shown = _type_vocabulary()
    for size in (3, 2, 1):
        if len(tokens) < size:
            continue
        words = [t.word for t in tokens[:size]]
        for joined in ("-".join(words), "".join(words)):
            if joined in vocabulary:
                return vocabulary[joined], size, shown
    return None, 0, shown


def _code_at(tokens: list[Token]) -> tuple[str, int] | None:
    """A village code at the start of `tokens` (`7501011001`, `75.01.01.1001`, `75 01 01 1001`)."""
    if not tokens:
        return None
    first = tokens[0].text.strip(_EDGE_PUNCTUATION)
    if _VILLAGE_CODE.match(first):
        return codes.normalize(first.replace("/", ".").replace("-", ".")), 1
    parts = [t.text for t in tokens[:4]]
    if [len(p) for p in parts] == [2, 2, 2, 4] and all(p.isdigit() for p in parts):
        return ".".join(parts), 4
    return None


@dataclass
class Place:
    village: Region | None = None
    candidates: tuple[Region, ...] = ()
    typed: str = ""
    used: int = 0
    was_code: bool = False
    # 3: the words are the village's name; 2: its name followed by the name of a region
    # above it ("Kayubulan Limboto"); 1: the words only begin words of its full name.
    quality: int = 0

    @property
    def rank(self) -> tuple[int, ...]:
        """How good a reading is. A strong match (the name, or the name and a region above
        it) beats a partial one; among strong ones the longest wins ("Gampong Baro" over
        "Gampong"), then one village over several; among partial ones, one village."""
        if not self.quality:
            return (0,)
        unique = int(self.village is not None)
        if self.quality >= 2:
            return (2, self.used, unique, self.quality)
        return (1, unique, -self.used)


_REGION_PREFIX = re.compile(r"^(kec|kab|kota|distrik)\.?\s+")


def _parent_names(region: Region) -> list[str]:
    """Search keys of the regions above a village, from its chain ("Kec. Limboto" -> "limboto")."""
    names = []
    for part in region.chain.split(", ")[1:]:
        lowered = part.lower()
        names.append(search_key(_REGION_PREFIX.sub("", lowered)))
        names.append(search_key(lowered))
    return names


def _quality(region: Region, key: str) -> int:
    if key == region.name_key:
        return 3
    rest = key.removeprefix(region.name_key + " ")
    if rest != key:
        parents = _parent_names(region)
        if rest in parents or any(rest == f"{a} {b}" for a in parents for b in parents):
            return 2
    chain_words = region.search_text.split()
    if all(any(c.startswith(word) for c in chain_words) for word in key.split()):
        return 1
    return 0


def _resolve_name(words: list[Token], used: int) -> Place:
    """The villages the words name; unique, or the best candidates."""
    phrase = " ".join(t.word for t in words)
    key = search_key(phrase)
    graded = [
        (quality, region)
        for region in search_regions(phrase, level=Region.Level.VILLAGE, limit=20)
        if (quality := _quality(region, key))
    ]
    if not graded:
        return Place(typed=phrase, used=used)
    best = max(quality for quality, _region in graded)
    pool = tuple(region for quality, region in graded if quality == best)
    if len(pool) == 1:
        return Place(village=pool[0], typed=phrase, used=used, quality=best)
    return Place(candidates=pool, typed=phrase, used=used, quality=best)


def _find_place(tokens: list[Token]) -> Place:
    code = _code_at(tokens)
    if code is not None:
        village = Region.objects.filter(code=code[0], level=Region.Level.VILLAGE).first()
        return Place(village=village, typed=code[0], used=code[1], was_code=True, quality=3)
    if tokens and _CODE_LIKE.match(tokens[0].text):
        return Place(typed=tokens[0].text, used=1, was_code=True)
    skip = 0
    while skip < len(tokens) - 1 and tokens[skip].word in _PLACE_WORDS:
        skip += 1
    words = tokens[skip:]
    if not words:
        return Place()
    # "LAPOR BANJIR Kayu Bulan, air naik": the name ends at the separator. Without one, the
    # best reading of the first one to four words: a single village before several, the
    # name itself before name and district, fewer words before more.
    sizes = list(range(1, min(MAX_NAME_WORDS, len(words)) + 1))
    for index, token in enumerate(words[:MAX_NAME_WORDS]):
        if token.hard_break:
            sizes = [index + 1, *(size for size in sizes if size != index + 1)]
            break
    best = Place(typed=words[0].word, used=skip + 1)
    for size in sizes:
        place = _resolve_name(words[:size], skip + size)
        if place.rank > best.rank:
            best = place
    return best


def _place_after_type(kind: IncidentType, tokens: list[Token]) -> tuple[Place, list[Token]]:
    """The place, trying also without words that only qualify the type ("BANJIR ROB …")."""
    vocabulary, _shown = _type_vocabulary()
    options = [tokens]
    while len(options[-1]) > 1 and vocabulary.get(options[-1][0].word) == kind:
        options.append(options[-1][1:])
    best_place, best_option = _find_place(options[0]), options[0]
    for option in options[1:]:
        place = _find_place(option)
        if place.rank > best_place.rank:
            best_place, best_option = place, option
    return best_place, best_option


def _place_label(region: Region) -> str:
    """The village and its district, e.g. `Kayubulan (Kec. Limboto)`: short enough for an SMS."""
    parts = region.chain.split(", ")
    return f"{region.name} ({parts[1]})" if len(parts) > 1 else region.name


def _candidate_label(region: Region) -> str:
    return f"{_place_label(region)} {region.code}"


def _report(channel: str, phone: str, body: str, tokens: list[Token]) -> str:
    if not tokens:
        return _("Say what happened and where: %(example)s") % {"example": EXAMPLE}
    kind, used, shown = _match_type(tokens)
    if kind is None:
        return _(
            'Unknown incident type "%(word)s". Use one of: %(types)s. Example: %(example)s'
        ) % {"word": tokens[0].text.upper(), "types": ", ".join(shown), "example": EXAMPLE}
    place, rest = _place_after_type(kind, tokens[used:])
    if place.village is None:
        return _place_problem(place)
    free = body[rest[place.used].start :].strip() if place.used < len(rest) else ""
    if phone and not hit(
        "lapor-phone", phone, limit=REPORTS_PER_PHONE[0], window_seconds=REPORTS_PER_PHONE[1]
    ):
        return _("Too many reports from this number. Please try again later.")
    village = place.village
    title = _("%(type)s in %(village)s") % {"type": kind.name, "village": village.name}
    if free:
        title = f"{title}: {free}"
    try:
        incident = report_incident(
            acting_user=None,
            report=IncidentReport(
                type=kind,
                title=title[:200],
                region=village,
                channel=channel,
                description=free,
                location_text="" if place.was_code else place.typed,
                reporter_phone=phone,
            ),
        )
    except ActionError as exc:
        return str(exc.message)
    track = settings.SIPSM_BASE_URL + reverse(
        "incidents:public_track", args=[incident.tracking_code]
    )
    return _("Thank you. Report %(code)s received: %(type)s in %(village)s. Status: %(link)s") % {
        "code": incident.tracking_code,
        "type": kind.name,
        "village": _place_label(village),
        "link": track,
    }


def _place_problem(place: Place) -> str:
    if not place.typed:
        return _("Which village? Add the village code or name, e.g. %(example)s") % {
            "example": EXAMPLE
        }
    if place.candidates:
        listed = "; ".join(_candidate_label(r) for r in place.candidates[:MAX_CANDIDATES])
        return _(
            'Several villages match "%(name)s". Send the report again with the village code: '
            "%(villages)s"
        ) % {"name": place.typed, "villages": listed}
    if place.was_code:
        return _(
            'No village has the code "%(code)s". A village code has 10 digits, e.g. %(example)s'
        ) % {"code": place.typed, "example": EXAMPLE}
    return _(
        'Unknown village "%(name)s". Send the village code or its exact name, e.g. %(example)s'
    ) % {"name": place.typed, "example": EXAMPLE}


# --- TERIMA / TOLAK / BATAL / CEK ------------------------------------------------------------


def _open_assignments(phone: str) -> list[Assignment]:
    return list(
        Assignment.objects.select_related("incident__type", "incident__region", "member")
        .filter(
            member__phone__in=phone_variants(phone),
            incident__status__in=Incident.OPEN_STATUSES,
        )
        .order_by("-alerted_at", "-pk")
    )


def _need_phone() -> str:
    return _(
        "We do not know your phone number on this channel yet. "
        "Share your number first, or answer by SMS or through the link in the call-out."
    )


def _answer(channel: str, phone: str, tokens: list[Token], *, accept: bool) -> str:
    if not phone:
        return _need_phone()
    word = "TERIMA" if accept else "TOLAK"
    code = tokens[0].word if tokens else ""
    mine = _open_assignments(phone)
    if code:
        chosen = [a for a in mine if a.reply_code == code]
    else:  # no code: fine as long as exactly one call-out waits for this number
        chosen = [a for a in mine if a.status == Assignment.Status.ALERTED]
        if len(chosen) != 1:
            return _(
                "Send %(word)s followed by the 6-digit code from the call-out message, "
                "e.g. %(word)s 123456."
            ) % {"word": word}
    if not chosen:
        return _(
            'No open call-out with code "%(code)s" for this number. Check the 6-digit code in '
            "the call-out message and send: %(word)s <code>."
        ) % {"code": code.upper(), "word": word}
    assignment = chosen[0]
    try:
        assignment = respond_to_alert(assignment=assignment, accept=accept, via=channel)
    except ActionError as exc:
        return str(exc.message)
    incident = assignment.incident
    values = {
        "type": incident.type.name,
        "place": incident.region.name,
        "code": assignment.reply_code,
        "link": respond_url(assignment),
    }
    if accept:
        return (
            _(
                "Thank you, you accepted the call-out: %(type)s in %(place)s. "
                "Details and check-in on site: %(link)s"
            )
            % values
        )
    return _("Noted: you declined call-out %(code)s (%(type)s in %(place)s). Thank you.") % values


def _own_report(phone: str, code: str) -> Incident | None:
    return (
        Incident.objects.select_related("type", "region")
        .filter(
            tracking_code=code.upper(),
            reporter_phone_index=index_for(phone, kind="phone"),
        )
        .first()
    )


def _cancel(channel: str, phone: str, tokens: list[Token]) -> str:
    if not phone:
        return _need_phone()
    code = tokens[0].word if tokens else ""
    if _SIX_DIGITS.match(code):  # a call-out code: BATAL 123456 withdraws an acceptance
        return _answer(channel, phone, tokens, accept=False)
    if not code:
        return _("Send BATAL followed by the code of your report, e.g. BATAL 7KQ2M9XA.")
    incident = _own_report(phone, code)
    if incident is None:
        return _('No report "%(code)s" was sent from this number.') % {"code": code.upper()}
    if incident.status != Incident.Status.REPORTED:
        return _(
            "Report %(code)s is already being handled (%(status)s). "
            "Please tell the coordinator directly if it should stop."
        ) % {"code": incident.tracking_code, "status": incident.get_status_display()}
    change_status(
        acting_user=None,
        incident=incident,
        to_status=Incident.Status.STOOD_DOWN,
        note=_("Withdrawn by the reporter (%(channel)s)") % {"channel": channel},
    )
    return _("Report %(code)s has been withdrawn. Thank you.") % {"code": incident.tracking_code}


def _status(tokens: list[Token]) -> str:
    code = tokens[0].word.upper() if tokens else ""
    if not code:
        return _("Send CEK followed by the code of your report, e.g. CEK 7KQ2M9XA.")
    incident = Incident.objects.select_related("type", "region").filter(tracking_code=code).first()
    if incident is None:
        return _('No report with the code "%(code)s".') % {"code": code}
    return _("Report %(code)s (%(type)s in %(place)s): %(status)s.") % {
        "code": incident.tracking_code,
        "type": incident.type.name,
        "place": incident.region.name,
        "status": incident.get_status_display(),
    }
