"""Telegram channel exports (the `result.json` Telegram Desktop writes) into one `Document` per message.

An export holds the channel (`name`, `type`, `id`) and its `messages`, each with an `id`, a `type`
("message", or "service" for "channel created", "message pinned"...), a `date` in the exporting machine's
local time with `date_unixtime` beside it, `edited`/`edited_unixtime` when the post was edited, and its text
twice: `text` (a string, or a list of strings and entity objects such as {"type": "bold", "text": ...}) and
`text_entities` (a list of entity objects). Media are files beside result.json, named in `photo`, `file`
and `thumbnail`.

Decisions, and why:

- Dates come from `date_unixtime` (UTC), so two exports of one channel made on machines in different time
  zones agree; an old export without it has its local `date` read as UTC.
- The export's date: Telegram writes none, so `exported_at` is the newest date or edit date among the
  messages (a key `exported_at` in the JSON, if present, wins).
- Links: `https://t.me/<username>/<id>` needs the channel's public username, which exports do not record.
  It is taken from the `username` argument, else inferred from the export's own links: a `t.me/<name>/<id>`
  link whose id is a message of this export is the channel linking to itself. Otherwise messages have no
  link (a private channel's `t.me/c/...` links work only for its members, so none is made).
- A message's title is its first line when more lines follow (channels put a headline first).
- Service messages and messages without text (a photo alone) make no document; they are still in `messages`
  (text ""), so a later export can be compared message by message.
- File names are never opened or used as paths. An export whose file references leave the export (`..`,
  absolute paths) or hold control characters or absurd lengths is refused whole: it was not written by
  Telegram, and nothing in it can be trusted.
- `Document.source` is `<source>#<message id>`, so a document leads back to its message. The text's header
  holds the title, channel and date but not the link (it is in `Document.url`): whether an export reveals
  the username must not change a post's document id between exports.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import EmptyInput, InputError, TooLarge
from ..records import Document
from .files import open_regular, printable
from .html import document_with_header
from .text import MAX_TITLE, Metadata

__all__ = ["MAX_EXPORT_BYTES", "TelegramExport", "TelegramMessage", "read_telegram_export"]

#: An export holds a channel's whole history, so its limit is not a single report's.
MAX_EXPORT_BYTES = 200_000_000
#: The message keys that name files of the export.
FILE_KEYS = ("photo", "file", "thumbnail", "file_name", "media_file")
_MAX_PATH = 1024
_MAX_NAME = 255
_POST_LINK = re.compile(r"(?:https?://)?(?:t|telegram)\.me/([A-Za-z][A-Za-z0-9_]{3,31})/(\d+)", re.IGNORECASE)
_NOT_CHANNELS = frozenset({"c", "s", "joinchat", "addstickers", "share", "proxy", "socks", "iv"})


@dataclass(frozen=True)
class TelegramMessage:
    id: int
    date: datetime  # UTC
    edit_date: datetime | None
    text: str  # "" for a photo alone or a service message
    link: str | None
    type: str = "message"  # or "service"
    document_id: str | None = None  # the Document made of it, when it has text


@dataclass(frozen=True)
class TelegramExport:
    channel_name: str
    channel_username: str | None
    channel_id: int | None
    channel_type: str | None  # "public_channel", "private_channel", ...
    exported_at: datetime | None
    messages: tuple[TelegramMessage, ...]
    documents: tuple[Document, ...]

    @property
    def first_date(self) -> datetime | None:
        """The date of the oldest message: a later export "covers" a message if its range includes its date."""
        return min((m.date for m in self.messages), default=None)

    @property
    def last_date(self) -> datetime | None:
        return max((m.date for m in self.messages), default=None)


def read_telegram_export(
    data: bytes | str | os.PathLike[str],
    *,
    source: str | None = None,
    username: str | None = None,
    defaults: Metadata = Metadata(),
    max_bytes: int = MAX_EXPORT_BYTES,
) -> TelegramExport:
    """A channel export, from its bytes or its path (result.json, or the directory that holds it).

    `source` names it in messages and in `Document.source` (the path, when a path is given); `username` is the
    channel's public username (with or without "@"), for links; `defaults.outlet` names a channel without a name.
    """
    if not isinstance(data, bytes):
        path = Path(data)
        if path.is_dir():
            path = path / "result.json"
        source = source or str(path)
        data = _read_file(path, source, max_bytes)
    source = source or "result.json"
    name = printable(source)
    if len(data) > max_bytes:
        raise TooLarge(too_large(name, max_bytes, len(data)))
    if not data.strip():
        raise EmptyInput(f"{name}: nothing to read (empty file); pass the result.json of a Telegram export.")
    export = _load(data, name)
    raw_messages = export["messages"]
    for index, raw in enumerate(raw_messages):
        _check_files(raw, index, name)
    channel = _text(export.get("name")) or defaults.outlet or "Telegram channel"
    parsed = [_message(raw, index, name) for index, raw in enumerate(raw_messages)]
    username = _username(username) or _username(export.get("username")) or _infer_username(raw_messages, parsed)
    messages: list[TelegramMessage] = []
    documents: list[Document] = []
    for message in parsed:
        link = f"https://t.me/{username}/{message.id}" if username else None
        message = replace(message, link=link)
        if message.type == "message" and message.text.strip():
            document = document_with_header(
                message.text,
                source=f"{source}#{message.id}",
                title=_title(message.text),
                outlet=channel,
                published=message.date,
            )
            # The link stays out of the text, so the document's id does not hang on whether this export
            # happened to reveal the username: a post kept in a later export is the same document.
            document = replace(document, url=link)
            documents.append(document)
            message = replace(message, document_id=document.id)
        messages.append(message)
    exported_at = _export_date(export.get("exported_at")) or max(
        (d for m in messages for d in (m.date, m.edit_date) if d is not None), default=None
    )
    channel_id = export.get("id")
    return TelegramExport(
        channel_name=channel,
        channel_username=username,
        channel_id=channel_id if isinstance(channel_id, int) and not isinstance(channel_id, bool) else None,
        channel_type=_text(export.get("type")),
        exported_at=exported_at,
        messages=tuple(messages),
        documents=tuple(documents),
    )


def _read_file(path: Path, name: str, max_bytes: int) -> bytes:
    """The bytes of a result.json; its size is checked before any is read, and only a regular file is opened
    (a FIFO would block forever: see `ingest.files`)."""
    try:
        with open_regular(str(path)) as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > max_bytes:
                raise TooLarge(too_large(name, max_bytes, size))
            return stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file; pass the result.json of a Telegram export, or its folder.") from None
    except OSError as error:
        raise InputError(f"{name}: cannot be read ({error.strerror}); check that it is a readable file.") from None


def too_large(name: str, max_bytes: int, size: int | None = None) -> str:
    """The refusal of an export larger than `max_bytes` (of `size` bytes, when known): no setting raises it."""
    found = f" ({size:,} bytes)" if size is not None else ""
    return (
        f"{name}: larger than the limit of {max_bytes:,} bytes for a Telegram export{found}; export a"
        " shorter period of the channel (no setting raises this limit)."
    )


def _load(data: bytes, name: str) -> dict[str, Any]:
    try:
        export = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise InputError(f"{name}: not UTF-8 ({error.reason} at byte {error.start}); Telegram writes UTF-8.") from None
    except (json.JSONDecodeError, RecursionError, ValueError) as error:
        raise InputError(f"{name}: not valid JSON ({error}); pass the result.json of a Telegram export.") from None
    if isinstance(export, dict) and isinstance(export.get("chats"), dict):
        raise InputError(
            f"{name}: a whole-account export (it lists chats); export the channel alone with"
            " 'Export chat history' in Telegram Desktop, as JSON."
        )
    if not isinstance(export, dict) or not isinstance(export.get("messages"), list):
        raise InputError(f"{name}: not a Telegram export (no list of messages); pass the result.json of a channel.")
    return export


def _check_files(raw: object, index: int, name: str) -> None:
    """Refuse file references that a genuine export cannot hold (see the module docstring)."""
    if not isinstance(raw, dict):
        return  # _message refuses it with its own reason
    for key in FILE_KEYS:
        value = raw.get(key)
        if not isinstance(value, str):
            continue
        problem = _file_problem(value)
        if problem is not None:
            shown = repr(value) if len(value) <= 80 else repr(value[:80]) + "..."
            raise InputError(
                f"{name}: refused: message {raw.get('id', f'#{index + 1}')} names a file {problem} ({key}: {shown});"
                " Telegram keeps an export's files in folders beside result.json, so this export was altered."
            )


def _file_problem(value: str) -> str | None:
    if any(not character.isprintable() for character in value):
        return "with control characters in its name"
    if len(value) > _MAX_PATH or any(len(part) > _MAX_NAME for part in re.split(r"[/\\]", value)):
        return "with a name too long for any file system"
    if value.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", value):
        return "by an absolute path"
    if ".." in re.split(r"[/\\]", value):
        return "outside the export"
    return None


def _message(raw: object, index: int, name: str) -> TelegramMessage:
    if not isinstance(raw, dict):
        raise InputError(f"{name}: message #{index + 1} is not an object; pass the result.json of a Telegram export.")
    message_id = raw.get("id")
    if not isinstance(message_id, int) or isinstance(message_id, bool):
        raise InputError(f"{name}: message #{index + 1} has no numeric id (got {message_id!r}); is this an export?")
    date = _date(raw.get("date_unixtime"), raw.get("date"))
    if date is None:
        raise InputError(f"{name}: message {message_id} has no readable date (got {raw.get('date')!r}).")
    kind = raw.get("type")
    return TelegramMessage(
        id=message_id,
        date=date,
        edit_date=_date(raw.get("edited_unixtime"), raw.get("edited")),
        text=_message_text(raw),
        link=None,
        type=kind if isinstance(kind, str) else "message",
    )


def _message_text(raw: dict[str, Any]) -> str:
    """The text as shown: the entities' texts joined (a link shows its text, not its address)."""
    entities = raw.get("text_entities")
    parts = entities if isinstance(entities, list) and entities else raw.get("text")
    if isinstance(parts, str):
        return parts
    pieces: list[str] = []
    for part in parts if isinstance(parts, list) else []:
        if isinstance(part, dict):
            part = part.get("text")
        if isinstance(part, str):
            pieces.append(part)
    return "".join(pieces)


def _date(unixtime: object, local: object) -> datetime | None:
    try:
        if isinstance(unixtime, str | int) and not isinstance(unixtime, bool) and str(unixtime).isdigit():
            return datetime.fromtimestamp(int(unixtime), UTC)
        if isinstance(local, str):
            parsed = datetime.fromisoformat(local)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return None


def _export_date(value: object) -> datetime | None:
    return _date(None, value) if isinstance(value, str) else None


def _username(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    # Usernames are case-insensitive; one spelling keeps links (and so document ids) stable across exports.
    value = value.strip().removeprefix("@").lower()
    return value if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{3,31}", value) else None


def _infer_username(raw_messages: list[Any], messages: list[TelegramMessage]) -> str | None:
    """The channel's username, from links to its own posts (see the module docstring); None when unsure."""
    ids = {message.id for message in messages}
    found: Counter[str] = Counter()
    for raw in raw_messages:
        for target in _link_targets(raw):
            for m in _POST_LINK.finditer(target):
                if m.group(1).lower() not in _NOT_CHANNELS and int(m.group(2)) in ids:
                    found[m.group(1).lower()] += 1
    return found.most_common(1)[0][0] if len(found) == 1 else None


def _link_targets(raw: object) -> list[str]:
    if not isinstance(raw, dict):
        return []
    targets: list[str] = []
    for key in ("text_entities", "text"):
        parts = raw.get(key)
        for part in parts if isinstance(parts, list) else [parts]:
            if isinstance(part, str):
                targets.append(part)
            elif isinstance(part, dict):
                targets.extend(value for value in (part.get("href"), part.get("text")) if isinstance(value, str))
    return targets


def _title(text: str) -> str | None:
    """The first line, when more lines follow it (channels put a headline first); a one-line post has none."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    first = " ".join(lines[0].split()) if len(lines) > 1 else ""
    return first if first and len(first) <= MAX_TITLE else None


def _text(value: object) -> str | None:
    """A string field on one line, or None for anything else (a hostile export may put any JSON there)."""
    return " ".join(value.split()) or None if isinstance(value, str) else None
