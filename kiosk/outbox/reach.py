"""What the delivery worker's last word on a server means: online, degraded, offline, …

The worker records ``online`` and the reason of its last failure (``kiosk.outbox.store``);
every surface (the status strip, the Health tab, ``kiosk health``, ``kiosk queue status``,
the metrics) words it through ``state_of`` so none of them calls a failing server "online".
A server that answers with 5xx, 429 or nonsense, or takes the request and never replies,
is *degraded*: it is there, but nothing gets delivered.
"""

from __future__ import annotations

import re
from enum import StrEnum

from kiosk.outbox.jobs import Reachability


class ReachState(StrEnum):
    """One API's server as the kiosk last found it."""

    UNKNOWN = "unknown"  # not contacted yet
    ONLINE = "online"
    DEGRADED = "degraded"  # reached, but failing: 5xx, 429, no reply in time, bad replies
    OFFLINE = "offline"  # not reached: refused, unreachable, connect timeout
    UNTRUSTED = "untrusted"  # reached, but its TLS certificate is not trusted
    REFUSED = "refused"  # reached, but it refused the kiosk's credentials


# The reasons kiosk.api.transport and kiosk.outbox.probe give (their wording is theirs).
_UNTRUSTED = re.compile(r"certificate not trusted|CERTIFICATE_VERIFY_FAILED|CertVerification")
_REFUSED = re.compile(r"\b401 unauthorized")
_DEGRADED = re.compile(
    r"\b5\d\d server error|\b429 rate limited|no reply in time|connection dropped after"
    r"|HTTP failure|does not match the documented shape"
)

WORDS = {
    ReachState.UNKNOWN: "not contacted yet",
    ReachState.ONLINE: "reachable",
    ReachState.DEGRADED: "degraded (server errors or no reply)",
    ReachState.OFFLINE: "unreachable",
    ReachState.UNTRUSTED: "certificate not trusted",
    ReachState.REFUSED: "credentials refused",
}


def state_of(reach: Reachability) -> ReachState:
    """The state behind a recorded reachability."""
    if reach.online is None:
        return ReachState.UNKNOWN
    if reach.online:
        return ReachState.ONLINE
    return classify(reach.reason)


def classify(reason: str) -> ReachState:
    """The state of a server the worker could not deliver to, from its recorded reason."""
    if _UNTRUSTED.search(reason):
        return ReachState.UNTRUSTED
    if _DEGRADED.search(reason):
        return ReachState.DEGRADED
    if _REFUSED.search(reason):
        return ReachState.REFUSED
    return ReachState.OFFLINE
