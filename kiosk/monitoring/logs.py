"""Structured logs: one event per line, ``key=value`` or JSON (``logging.format``).

Every process logs to stderr (journald stores it under a systemd unit) and, with
``logging.file``, to a size-rotated file created 0600. Events are logged with ``event()``
so the JSON form carries their fields as fields; any other record becomes ``msg=…``.
What is logged is chosen at the call site: references, kind ids, check names, job ids,
API names and error texts that never carry customer data, images or secrets.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import sys
import time
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from typing import Any, TextIO, cast
from urllib.parse import urlsplit, urlunsplit

from kiosk import __version__
from kiosk.config import Settings
from kiosk.private_traceback import private_traceback

_FIELDS = "kiosk_event"
_NEEDS_QUOTES = set(' ="\\\n\r\t')
_HANDLER_MARK = "_kiosk_handler"


def _value(value: Any) -> str:
    if isinstance(value, list | tuple | set | frozenset):
        value = ",".join(str(v) for v in value)
    text = "" if value is None else str(value)
    if text and not (_NEEDS_QUOTES & set(text)):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{escaped}"'


def event(logger: logging.Logger, name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log one event with its fields (``event=name k=v …`` / a JSON object)."""
    if not logger.isEnabledFor(level):
        return
    text = " ".join([f"event={name}", *(f"{k}={_value(v)}" for k, v in fields.items())])
    logger.log(level, "%s", text, extra={_FIELDS: {"event": name, **fields}})


def _timestamp(record: logging.LogRecord) -> str:
    moment = time.gmtime(record.created)
    return time.strftime("%Y-%m-%dT%H:%M:%S", moment) + f".{int(record.msecs):03d}Z"


class PrivateFormatter(logging.Formatter):
    """A formatter whose tracebacks withhold messages that may quote customer data."""

    def formatException(self, ei: Any) -> str:
        """The traceback's frames, each exception by type (kiosk/private_traceback.py)."""
        return private_traceback(ei[1]) if ei and ei[1] is not None else ""

    def format(self, record: logging.LogRecord) -> str:
        """The record, its traceback formatted here even if another handler cached one."""
        # logging.Formatter reuses ``record.exc_text`` once any handler has formatted the
        # record; a plain handler formatting first would put its full message in our output.
        cached = record.exc_text
        record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached


class KeyValueFormatter(PrivateFormatter):
    """``ts=… level=… logger=… event=… k=v`` (logfmt), one line per record."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one logfmt line (a traceback becomes an escaped ``exc`` field)."""
        head = f"ts={_timestamp(record)} level={record.levelname} logger={record.name}"
        if getattr(record, _FIELDS, None) is not None:
            body = record.getMessage()
        else:
            body = f"msg={_value(record.getMessage())}"
        line = f"{head} {body}"
        if record.exc_info:
            line += f" exc={_value(self.formatException(record.exc_info))}"
        return line


class JsonFormatter(PrivateFormatter):
    """One JSON object per line: ts, level, logger, then the event's fields or msg."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        data: dict[str, Any] = {
            "ts": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
        }
        fields = getattr(record, _FIELDS, None)
        if fields is not None:
            data.update(
                {k: list(v) if isinstance(v, set | tuple) else v for k, v in fields.items()}
            )
        else:
            data["msg"] = record.getMessage()
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str, ensure_ascii=False)


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A size-rotated log file created 0600 (each new file after a rollover too)."""

    def _open(self) -> TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        # The handler's mode is a text one ("a"), so open() gives a TextIOWrapper.
        return cast(TextIOWrapper, open(fd, self.mode, encoding=self.encoding, errors=self.errors))


# syslog(3) priorities, which journald reads from a "<N>" line prefix on a service's stderr.
_PRIORITIES = {
    logging.CRITICAL: 2,
    logging.ERROR: 3,
    logging.WARNING: 4,
    logging.INFO: 6,
    logging.DEBUG: 7,
}


def journal_prefix(level: int) -> str:
    """``<N>`` for a line of this level when stderr is journald's stream, else nothing.

    systemd.exec(5): $JOURNAL_STREAM holds "device:inode" of the stream the service manager
    connected; a process whose stderr is that stream may begin each line with a syslog
    priority in angle brackets, which journald (SyslogLevelPrefix=yes, its default) stores
    as the line's PRIORITY instead of 6 (info) for every line.
    """
    stream = os.environ.get("JOURNAL_STREAM", "")
    if not stream:
        return ""
    try:
        info = os.fstat(sys.stderr.fileno())
    except (AttributeError, OSError, ValueError):
        return ""
    if stream != f"{info.st_dev}:{info.st_ino}":
        return ""  # stderr was redirected elsewhere (a file, a pipe, a terminal)
    priority = next((p for lv, p in sorted(_PRIORITIES.items()) if level <= lv), 2)
    return f"<{priority}>"


class StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever ``sys.stderr`` is at the time of each record.

    Under systemd each line carries its syslog priority for the journal (``journal_prefix``).
    """

    def format(self, record: logging.LogRecord) -> str:
        """The formatted record, prefixed with its journal priority when that applies."""
        return journal_prefix(record.levelno) + super().format(record)

    @property
    def stream(self) -> TextIO:
        """The current standard error."""
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass  # always the current sys.stderr


def reset() -> None:
    """Remove and close the handlers ``configure`` added."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _HANDLER_MARK, False):
            root.removeHandler(handler)
            handler.close()


def _without_userinfo(url: str | None) -> str | None:
    if not url:
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def configure(
    settings: Settings, *, process: str, stderr_level: int | None = None, verbose: bool = False
) -> None:
    """Send the kiosk's logs to stderr (and ``logging.file``) in ``logging.format``.

    ``stderr_level`` overrides ``logging.level`` on stderr (one-shot commands keep stderr
    for their own messages); the file always gets ``logging.level``. Logs ``start`` and
    ``config_loaded`` (secrets only as set/unset) and, at exit, ``shutdown``.
    """
    cfg = settings.logging
    level = logging.DEBUG if verbose else getattr(logging, cfg.level)
    formatter = JsonFormatter() if cfg.format == "json" else KeyValueFormatter()
    reset()
    root = logging.getLogger()
    for handler in list(root.handlers):
        # The plain stderr handler of logging.basicConfig goes; other handlers (a test's
        # log capture) stay.
        if type(handler) is logging.StreamHandler and handler.stream in (
            sys.stderr,
            sys.__stderr__,
        ):
            root.removeHandler(handler)
    console = StderrHandler()
    console.setLevel(level if stderr_level is None or verbose else stderr_level)
    handlers: list[logging.Handler] = [console]
    if cfg.file is not None:
        cfg.file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        file_handler = PrivateRotatingFileHandler(
            cfg.file, maxBytes=cfg.file_max_bytes, backupCount=cfg.file_backup_count
        )
        file_handler.setLevel(level)
        handlers.append(file_handler)
    for handler in handlers:
        handler.setFormatter(formatter)
        setattr(handler, _HANDLER_MARK, True)
        root.addHandler(handler)
    root.setLevel(min(h.level for h in handlers))
    # httpx logs each request at INFO (its URL redacted by kiosk.api.redact); keep it quiet.
    logging.getLogger("httpx").setLevel(logging.DEBUG if verbose else logging.WARNING)
    log = logging.getLogger("kiosk")
    event(log, "start", process=process, version=__version__, pid=os.getpid())
    event(
        log,
        "config_loaded",
        device_tag=settings.device_tag,
        environment=settings.environment,
        data_dir=settings.data_dir,
        amplifi_url=_without_userinfo(settings.amplifi.base_url),
        amplifi_auth="token"
        if settings.amplifi.token
        else "token_url"
        if settings.amplifi.token_url
        else "none",
        sessionm_url=_without_userinfo(settings.sessionm.base_url),
        sessionm_api_key="***" if settings.sessionm.api_key.get_secret_value() else "unset",
        customer_mode=settings.sessionm.customer_mode,
        delivery=settings.app.delivery,
        metrics_listen=settings.metrics.listen or "off",
        log_format=cfg.format,
        log_file=cfg.file or "off",
    )
    if not _AT_EXIT:
        atexit.register(_shutdown, log)
    _AT_EXIT[:] = [process]


# The process name the one ``shutdown`` event at exit reports (set by ``configure``).
_AT_EXIT: list[str] = []


def _shutdown(log: logging.Logger) -> None:
    event(log, "shutdown", process=_AT_EXIT[0] if _AT_EXIT else "", pid=os.getpid())
