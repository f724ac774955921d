"""Races between processes: each writer runs in its own OS process, as two Streamlit
servers (or two CLI runs) would, on an SQLite file and on PostgreSQL.

A barrier releases all writers at once, so they all read the same state before any of
them writes. Each test failed before its fix: both adjustments from one list version
were stored, a simultaneous first save of settings raised IntegrityError, and
concurrent registrations lost some of their people to "already exists".
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
import types
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import func, select

from matcher.db import (
    ConcurrentEditError,
    JobseekerRepository,
    Role,
    User,
    get_engine,
    import_records,
    session_scope,
    upgrade_to_head,
)
from matcher.db.models import DecisionRow, PersonSettingsRow, ReferralRow
from matcher.scoring.weights import Weights
from matcher.workspace import AlreadyReferredError, Workspace
from matcher.workspace.ordering import AdjustedList
from matcher.workspace.recommend import PersonView
from tests.db_fixtures import PG_URL_ENV, make_jobseeker, make_vacancy, postgres_schema_engine

WRITERS = 8
COUNSELOR = User(id=1, username="k1", role=Role.COUNSELOR, display_name="K1")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> Iterator[str]:
    """A migrated database holding one consenting person and one vacancy."""
    if request.param == "sqlite":
        engine = get_engine(f"sqlite:///{tmp_path / 'race.sqlite'}")
        yield from _seeded(engine)
        return
    base = os.environ.get(PG_URL_ENV)
    if not base:
        pytest.skip(f"set {PG_URL_ENV} to run the races on PostgreSQL")
    with postgres_schema_engine(base) as engine:
        yield from _seeded(engine)


def _seeded(engine) -> Iterator[str]:
    upgrade_to_head(engine)
    with session_scope(engine) as session:
        import_records(
            session, jobseekers=[make_jobseeker("JS-0001")], vacancies=[make_vacancy("JV-0001")]
        )
        JobseekerRepository(session).set_consent("JS-0001", True, expected_version=1, who="t")
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()  # no connection crosses the fork
    yield url


def _no_engine():
    raise AssertionError("these races never need the ranking engine")


def _workspace(url: str) -> Workspace:
    engine = get_engine(url)
    return Workspace(lambda: session_scope(engine), engine=_no_engine)


def _run(task, args, barrier, url, index, results):
    try:
        ws = _workspace(url)
        barrier.wait(timeout=60)
        task(ws, index, *args)
        results.put((index, "ok"))
    except ConcurrentEditError:
        results.put((index, "conflict"))
    except AlreadyReferredError:
        results.put((index, "already referred"))
    except BaseException as exc:  # reported to the test, which names it
        results.put((index, f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))


def _context():
    # A fork server, not a plain fork: the test process may hold threads (the engine's
    # background build, BLAS pools) whose locks a forked child would inherit mid-use.
    # The server starts once, imports this module, and forks clean writers from there.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([__name__])
    return ctx


def race(url: str, task: Callable[..., object], *args, writers: int = WRITERS) -> Counter:
    """Run ``task(workspace, i, *args)`` in ``writers`` processes released together."""
    ctx = _context()
    barrier, results = ctx.Barrier(writers), ctx.Queue()
    procs = [
        ctx.Process(target=_run, args=(task, args, barrier, url, i, results))
        for i in range(writers)
    ]
    # Streamlit's AppTest runs pages as ``__main__`` in this process; a writer (and the fork
    # server) would re-run that page on start. They start from a bare main module instead.
    real_main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        for p in procs:
            p.start()
    finally:
        sys.modules["__main__"] = real_main
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    return Counter(outcome for _, outcome in outcomes)


def _view(url: str, list_version: int) -> PersonView:
    engine = get_engine(url)
    with session_scope(engine) as session:
        record = JobseekerRepository(session).get("JS-0001")
    engine.dispose()
    return PersonView(
        record=record, settings=None, weights=Weights().to_dict(), relaxed_rules=(),
        lists={"vacancy": AdjustedList("vacancy", (), ())}, pathways=[], excluded=[],
        referrals=[], list_version=list_version,
    )  # fmt: skip


def _count(url: str, model) -> int:
    engine = get_engine(url)
    with session_scope(engine) as session:
        n = session.scalar(select(func.count()).select_from(model))
    engine.dispose()
    return n


def _accept(ws: Workspace, i: int, view: PersonView) -> None:
    ws.adjust_item(COUNSELOR, view, "accept", "vacancy", "JV-0001")


def _save_settings(ws: Workspace, i: int, view: PersonView) -> None:
    weights = {**Weights().to_dict(), "distance": 0.1 + i / 100}
    ws.save_settings(COUNSELOR, view, weights=weights, relaxed_rules=[])


def _register(ws: Workspace, i: int) -> None:
    values = {"name": f"Orang {i}", "age": 19 + i, "gender": "P",
              "kelurahan": "Tanjung Barat", "education": "SMP", "segment": "pemuda"}  # fmt: skip
    ws.register_jobseeker(COUNSELOR, values, consent=True)


def _refer(ws: Workspace, i: int) -> None:
    ws.refer(COUNSELOR, "JS-0001", "vacancy", "JV-0001", consent_recorded=True)


def test_of_adjustments_made_from_one_list_version_exactly_one_is_stored(db_url):
    outcomes = race(db_url, _accept, _view(db_url, list_version=0))
    assert outcomes == {"ok": 1, "conflict": WRITERS - 1}
    assert _count(db_url, DecisionRow) == 1


def test_simultaneous_first_saves_of_settings_keep_one_and_refuse_the_others_cleanly(db_url):
    outcomes = race(db_url, _save_settings, _view(db_url, list_version=0))
    assert outcomes == {"ok": 1, "conflict": WRITERS - 1}
    assert _count(db_url, PersonSettingsRow) == 1


def test_concurrent_registrations_all_get_their_own_id(db_url):
    writers = 12
    outcomes = race(db_url, _register, writers=writers)
    assert outcomes == {"ok": writers}
    engine = get_engine(db_url)
    with session_scope(engine) as session:
        people = JobseekerRepository(session).list()
    engine.dispose()
    assert len(people) == writers + 1
    assert sorted(p.jobseeker.name for p in people if p.id != "JS-0001") == sorted(
        f"Orang {i}" for i in range(writers)
    )


def test_counselors_referring_one_person_at_once_store_one_live_referral(db_url):
    # Each checked for a live referral, saw none, and stored one: 8 of 8 (a review).
    outcomes = race(db_url, _refer)
    assert outcomes == {"ok": 1, "already referred": WRITERS - 1}
    assert _count(db_url, ReferralRow) == 1


WITHDRAW = """
import sys
from matcher.db import JobseekerRepository, get_engine, session_scope
engine = get_engine(sys.argv[1])
with session_scope(engine) as s:
    r = JobseekerRepository(s).get("JS-0001")
    JobseekerRepository(s).set_consent("JS-0001", False, expected_version=r.version_id, who="k2")
"""


def test_a_referral_is_never_stored_after_the_consent_it_checked_was_withdrawn(db_url, monkeypatch):
    """Another process withdraws consent after the referral checked it and before it was
    stored. Before the fix the withdrawal committed in that gap and the referral was
    stored anyway. Now the withdrawal waits for the referral's transaction to end."""
    import contextlib
    import subprocess

    from matcher.db import ConsentRequiredError, ReferralRepository, activity

    engine = get_engine(db_url)
    ws = Workspace(lambda: session_scope(engine), engine=_no_engine)
    real, other, committed_in_gap = activity._check_opportunity, [], []

    def check_while_another_withdraws(session, kind, opportunity_id):
        other.append(subprocess.Popen([sys.executable, "-c", WITHDRAW, db_url]))
        with contextlib.suppress(subprocess.TimeoutExpired):
            other[0].wait(timeout=3)
            committed_in_gap.append(True)
        return real(session, kind, opportunity_id)

    monkeypatch.setattr(activity, "_check_opportunity", check_while_another_withdraws)
    try:
        stored = ws.refer(COUNSELOR, "JS-0001", "vacancy", "JV-0001", consent_recorded=True)
    except ConsentRequiredError:
        stored = None
    assert other[0].wait(timeout=60) == 0  # the withdrawal is stored in the end
    with session_scope(engine) as session:
        person = JobseekerRepository(session).get("JS-0001")
        referrals = ReferralRepository(session).list(jobseeker_id="JS-0001")
    engine.dispose()
    assert not person.consent_given
    assert not (committed_in_gap and stored), "stored after the consent it read was withdrawn"
    assert len(referrals) == (stored is not None)


START = """
import sys
from matcher.db import init_db
report = init_db(sys.argv[1], demo_accounts=True)
print("seeded" if report.seeded else "found")
"""


def test_two_processes_starting_on_a_new_database_migrate_and_seed_it_once(tmp_path):
    """The app and a CLI command starting together: one failed ("table alembic_version
    already exists"), or both saw the database empty and seeded it."""
    import subprocess

    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    procs = [subprocess.Popen([sys.executable, "-c", START, url], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]  # fmt: skip
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err[-500:] for _, err in outs]
    assert sorted(out.strip() for out, _ in outs) == ["found", "seeded"]
    engine = get_engine(url)
    with session_scope(engine) as session:
        people = len(JobseekerRepository(session).list())
    engine.dispose()
    assert people == 320  # the bundled sample, once
