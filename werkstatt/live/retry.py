"""When the database is briefly unreachable or locked: retry a few times, then refuse in German.

Nothing here shows anything; callers keep what the person typed and show the message.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from werkstatt.errors import WerkstattError

T = TypeVar("T")

UNAVAILABLE = (
    "Speichern hat gerade nicht geklappt: Die Datenbank ist kurz nicht erreichbar. "
    "Ihre Eingabe ist noch da – bitte gleich noch einmal senden."
)
UNREADABLE = (
    "Die Anzeige kann gerade nicht geladen werden: Die Datenbank ist kurz nicht erreichbar. "
    "Bitte einen Moment Geduld und die Seite dann neu laden."
)
FAILED = "Speichern hat nicht geklappt. Ihre Eingabe ist noch da – bitte noch einmal versuchen."
DELAYS = (0.3, 1.0, 2.0)  # waits between attempts: four attempts within about 3.3 s plus the attempts themselves

_log = logging.getLogger(__name__)


class DatabaseUnavailable(WerkstattError):
    """The database did not answer (connection lost, locked, pool exhausted); nothing was stored."""


def is_unavailable(err: BaseException) -> bool:
    """Errors that a later attempt may not meet: lost connections, locks, timeouts."""
    if isinstance(err, DatabaseUnavailable):
        return True
    if isinstance(err, IntegrityError):
        return False
    if isinstance(err, (OperationalError, PoolTimeout)):
        return True
    return isinstance(err, DBAPIError) and err.connection_invalidated


def german(err: BaseException, *, reading: bool = False) -> WerkstattError:
    """A database error as a German refusal (logged with its details for the operators)."""
    if isinstance(err, WerkstattError):
        return err
    _log.warning("database error: %s", err)
    if reading:
        return DatabaseUnavailable(UNREADABLE)
    return DatabaseUnavailable(UNAVAILABLE) if is_unavailable(err) else WerkstattError(FAILED)


def retrying(
    action: Callable[[], T], *, delays: Sequence[float] = DELAYS, sleep: Callable[[float], None] = time.sleep
) -> T:
    """Run `action` (one whole transaction); on an unavailable database wait and run it again.

    After the last attempt the error becomes DatabaseUnavailable (German). Domain
    refusals and other errors pass through at once. `action` must be safe to repeat:
    a transaction that failed was rolled back, and posts carry a submission id
    (werkstatt.live.submissions) in case a commit succeeded but its answer was lost.
    """
    for delay in (*delays, None):
        try:
            return action()
        except (DBAPIError, PoolTimeout, DatabaseUnavailable) as err:
            if delay is None or not is_unavailable(err):
                raise german(err) from err
            _log.info("database unavailable, retrying in %.1f s: %s", delay, err)
        sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover
