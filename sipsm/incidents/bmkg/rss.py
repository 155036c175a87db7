"""The BMKG nowcast index: RSS 2.0 (`/alerts/nowcast/id/rss.xml`), or an Atom feed.

Each item points (`link`) at one CAP file; `guid` is the CAP identifier and `pubDate` its
`sent` time. The index itself carries no area; the CAP files do.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from sipsm.incidents.bmkg.common import FeedError

ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass(frozen=True)
class IndexItem:
    title: str
    link: str
    guid: str = ""
    published: dt.datetime | None = None
    description: str = ""
    category: str = ""


def is_index(root: Element) -> bool:
    return root.tag in {"rss", f"{ATOM}feed"}


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _rfc822(text: str) -> dt.datetime | None:
    if not text:
        return None
    try:
        value = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return value if value.tzinfo is not None else None


def parse_index(root: Element) -> list[IndexItem]:
    if root.tag == "rss":
        channel = root.find("channel")
        if channel is None:
            raise FeedError("RSS without <channel>")
        return [
            IndexItem(
                title=_text(item.find("title")),
                link=_text(item.find("link")),
                guid=_text(item.find("guid")),
                published=_rfc822(_text(item.find("pubDate"))),
                description=_text(item.find("description")),
                category=_text(item.find("category")),
            )
            for item in channel.findall("item")
        ]
    if root.tag == f"{ATOM}feed":
        items = []
        for entry in root.findall(f"{ATOM}entry"):
            link = ""
            for candidate in entry.findall(f"{ATOM}link"):
                if candidate.get("rel", "alternate") in {"alternate", "related", "enclosure"}:
                    link = candidate.get("href", "").strip()
                    break
            updated = _text(entry.find(f"{ATOM}updated"))
            try:
                published = dt.datetime.fromisoformat(updated) if updated else None
            except ValueError:
                published = None
            items.append(
                IndexItem(
                    title=_text(entry.find(f"{ATOM}title")),
                    link=link,
                    guid=_text(entry.find(f"{ATOM}id")),
                    published=published,
                    description=_text(entry.find(f"{ATOM}summary")),
                )
            )
        return items
    raise FeedError(f"not an RSS or Atom index: root element is {root.tag!r}")
