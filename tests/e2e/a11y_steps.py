"""Accessibility checks for e2e tests: axe-core (vendored) injected with Playwright, plus seeded states.

axe-core 4.14.1 (MPL-2.0, tests/e2e/vendor/axe-core-LICENSE.txt) runs inside the page with
the WCAG 2.0/2.1 level A and AA rules. A finding of impact "critical" or "serious" fails.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from db.models import TimerEvent, Workshop
from tests.e2e.conftest import MODERATOR, wait_idle
from werkstatt.clock import utc_now
from werkstatt.session.contributions import post, vote
from werkstatt.session.participants import join
from werkstatt.session.phase import set_phase_override
from werkstatt.session.timer_log import record_event

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("critical", "serious")
# Minutes after the start of the first agenda item (15 min) that put it into each colour stage.
STAGE_MINUTES = {"normal": 1.0, "warn": 12.5, "critical": 14.5, "overrun": 16.0}

_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n')[1]
                                        + ' :: ' + (n.html || '').slice(0, 160))
  }));
}"""


def axe_findings(page, state: str) -> list[str]:
    """Blocking (critical/serious) axe findings on the current page, one readable line each."""
    wait_idle(page, timeout=45_000, settle=0.3)  # the timer fragments tick every second
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(_RUN_AXE, WCAG_TAGS)
    return [
        f"{state}: [{v['impact']}] {v['id']} – {v['help']} – {'; '.join(v['nodes'])}"
        for v in violations
        if v["impact"] in BLOCKING
    ]


_HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter(h => h.getClientRects().length && !h.closest('[aria-hidden="true"]')
               && getComputedStyle(h).visibility !== 'hidden')
  .map(h => [Number(h.tagName[1]), (h.innerText || h.textContent).trim().slice(0, 60)])"""


def headings(page) -> list[tuple[int, str]]:
    """The headings a screen reader lists, in DOM order: (level, text)."""
    return [(int(level), text) for level, text in page.evaluate(_HEADINGS)]


def heading_findings(page, state: str) -> list[str]:
    """One h1, and no heading deeper than one level below the one before it (h1 -> h3 is a jump)."""
    found = headings(page)
    problems = []
    if [level for level, _ in found].count(1) != 1:
        problems.append(f"{state}: {[lv for lv, _ in found].count(1)} h1 statt genau einer: {found}")
    before = 0
    for level, text in found:
        if level > before + 1:
            problems.append(f"{state}: h{level} „{text}“ folgt auf h{before} (Ebene übersprungen)")
        before = level
    return problems


def screen_findings(page, state: str) -> list[str]:
    """axe-core's blocking findings plus the heading order of the screen."""
    return axe_findings(page, state) + heading_findings(page, state)


def open_screen(page, server, path: str) -> None:
    """Like conftest.goto, but patient with screens whose timer fragments rerun every second."""
    page.goto(server.url + path)
    page.wait_for_selector('[data-testid="stApp"]', timeout=30_000)
    wait_idle(page, timeout=45_000, settle=0.3)


def workshop_id(factory, number: int) -> int:
    with factory() as s:
        return int(s.scalar(select(Workshop.id).where(Workshop.number == number)))


def set_timer_stage(factory, wid: int, stage: str) -> None:
    """Reset, live mode, then a start backdated so that the first item is in `stage`.

    The start row is written directly because the service (rightly) never backdates events.
    """
    now = utc_now()
    with factory.begin() as s:
        view = record_event(s, workshop_id=wid, kind="reset", actor=MODERATOR[0], now=now)
        if view.mode != "live":
            record_event(s, workshop_id=wid, kind="mode", value="live", actor=MODERATOR[0], now=now)
        seq = s.scalar(select(func.max(TimerEvent.seq)).where(TimerEvent.workshop_id == wid))
        started = now - timedelta(minutes=STAGE_MINUTES[stage])
        s.add(TimerEvent(workshop_id=wid, seq=seq + 1, kind="start", actor=MODERATOR[0], created_at=started))


def set_phase(factory, wid: int, override: str | None) -> None:
    with factory.begin() as s:
        set_phase_override(s, workshop_id=wid, override=override, actor=MODERATOR[0], now=utc_now())


def fill_wall(factory, wid: int, count: int = 40) -> None:
    """`count` contributions from 20 people across the workshop's categories, with some dots."""
    set_phase(factory, wid, "input")
    now = utc_now()
    with factory.begin() as s:
        code = s.get(Workshop, wid).join_code
        keys = [c.key for c in s.get(Workshop, wid).categories]
        people = [join(s, code=code, now=now) for _ in range(20)]
        ids = []
        for n in range(count):
            text = f"Beitrag {n + 1}: Ansprechpartner in der Verwaltung früher und verbindlich benennen"
            if n % 3 == 0:  # every third one long: the shared screen must still fit
                text += ", damit Unternehmen wissen, an wen sie sich wenden können, und Zusagen eingehalten werden"
            when = now + timedelta(seconds=6 * (n // 20))
            ids.append(post(s, token=people[n % 20], category=keys[n % len(keys)], text=text, now=when))
        for n, token in enumerate(people):
            vote(s, token=token, contribution_id=ids[n % 5], now=now)
