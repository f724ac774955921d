"""``python -m matcher retrain``: the admin page's ranker service on the command line.

Training, activating and rolling back go through
:class:`matcher.workspace.ranker_admin.RankerService`, as on the admin page: a model
trained here waits as a *candidate* beside the active one, its held-out figures are
printed next to the active model's and the hand-set weights', and it is activated only
on an explicit confirmation (``--activate``, or "ya" at the prompt in a terminal). The
previous model is kept for ``--rollback``. Every step writes the same ``ranker_model``
audit entry as the page, in the name of the account given with ``--as``, which must be
an active admin.

``--simulate N`` is the experiment of :mod:`matcher.ranking.retrain`: simulated
counselors on the sample data, written to ``--out`` only, never to the active model.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from matcher import config

CONFIRM_WORDS = ("y", "yes", "ya")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "retrain",
        help="train a candidate ranker from counselor decisions, compare it, activate it on "
        "confirmation, roll back (as the admin page does, with its audit entries)",
        description="Train a candidate ranker on the decisions stored in the app database, "
        "print its held-out figures beside the active model's, and activate it only when "
        "confirmed. Every step is audited in the name of --as (an active admin).",
    )
    p.add_argument("--as", dest="username", metavar="USERNAME",
                   help="the admin doing this (required except with --simulate)")  # fmt: skip
    action = p.add_mutually_exclusive_group()
    action.add_argument("--activate", action="store_true",
                        help="train, then activate the new candidate without asking")  # fmt: skip
    action.add_argument("--activate-candidate", action="store_true",
                        help="activate the candidate already waiting (no training)")  # fmt: skip
    action.add_argument("--rollback", action="store_true",
                        help="bring back the model that was active before the last activation")  # fmt: skip
    action.add_argument("--status", action="store_true",
                        help="show the active, waiting and previous models; change nothing")  # fmt: skip
    action.add_argument("--simulate", type=int, metavar="N",
                        help="experiment: N simulated decisions on the sample data, saved to "
                        "--out (never the active model)")  # fmt: skip
    p.add_argument("--from-db", action="store_true",
                   help="decisions in the app database (the default; kept for old scripts)")  # fmt: skip
    p.add_argument("--yes", action="store_true",
                   help="confirm --activate-candidate or --rollback without a prompt")  # fmt: skip
    p.add_argument("--folder", type=Path, default=None,
                   help="the active model's folder (default: models/ranker); the candidate "
                   "and previous models sit beside it")  # fmt: skip
    p.add_argument("--db-url", default=None, help="database URL (default: DATABASE_URL / sqlite)")
    p.add_argument("--seed", type=int, default=0, help="held-out split and simulation seed")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--out", type=Path, default=None, help="--simulate only: folder to write")
    p.add_argument("--data-dir", type=Path, default=config.SAMPLE_DATA_DIR,
                   help="--simulate only: records to simulate on")  # fmt: skip
    p.add_argument("--encoder", default="tfidf", help="--simulate only: semantic encoder")
    p.set_defaults(func=cmd_retrain)


def cmd_retrain(args) -> int:
    if args.simulate is not None:
        return _simulate(args)
    if not args.username:
        raise ValueError(
            "--as is missing: name the admin account doing this, e.g. --as kepala "
            "(every training, activation and rollback is audited in that name)"
        )
    from sqlalchemy.exc import OperationalError

    from matcher.db import session_scope, upgrade_to_head
    from matcher.workspace.ranker_admin import RankerService

    engine = _engine(args.db_url)
    try:
        try:
            upgrade_to_head(engine)
        except OperationalError as exc:
            where = engine.url.render_as_string(hide_password=True)
            reason = str(exc.orig or exc).strip().splitlines()[0]
            raise ValueError(f"cannot open the database {where}: {reason}") from None
        user = _admin(engine, args.username)
        service = RankerService(lambda: session_scope(engine), folder=args.folder)
        if args.status:
            return _status(service, user, args)
        if args.rollback:
            return _rollback(service, user, args)
        if args.activate_candidate:
            return _activate_waiting(service, user, args)
        return _train(service, user, args)
    finally:
        engine.dispose()


def _engine(url: str | None):
    from sqlalchemy.exc import ArgumentError

    from matcher.db import get_engine

    try:
        return get_engine(url)
    except ArgumentError:
        raise ValueError(
            "--db-url is not a database URL; allowed: sqlite:///PATH or "
            "postgresql+psycopg://USER:PASSWORD@HOST/DATABASE"
        ) from None


# --- who -----------------------------------------------------------------------------------


def _admin(engine, username: str):
    """The account ``username`` when it may retrain, else a ValueError that says why."""
    from matcher import auth
    from matcher.auth import Permission
    from matcher.db import UserRepository, session_scope
    from matcher.workspace.access import allowed_roles

    with session_scope(engine) as session:
        users = UserRepository(session)
        user = users.get_by_username(username.strip())
        allowed = [u.username for u in users.list() if auth.can(u, Permission.RETRAIN_MODEL)]
    if user is None:
        raise ValueError(
            f"--as {username!r} is not an account in this database; accounts that may retrain "
            f"the ranker: {', '.join(allowed) or 'none (create one with create-user --role admin)'}"
        )
    if not user.active:
        raise ValueError(f"--as {username!r}: this account is deactivated")
    if not auth.can(user, Permission.RETRAIN_MODEL):
        raise ValueError(
            f"--as {username!r} has role {user.role.value!r}, which may not retrain the ranker; "
            f"allowed roles: {', '.join(allowed_roles('ranker'))}"
        )
    return user


# --- actions -------------------------------------------------------------------------------


def _train(service, user, args) -> int:
    from matcher.workspace.ranker_admin import NotEnoughDecisions, model_id

    try:
        candidate = service.train(user, seed=args.seed)
    except NotEnoughDecisions as exc:
        print(f"not trained: {exc}; nothing changed", file=sys.stderr)
        return 1
    name = model_id(candidate.manifest)
    _print_comparison(service.overview(user), args)
    if args.activate or _confirmed("Activate this candidate now?", args):
        service.activate(user, name)
        print(f"activated {name}; the previous model is kept (undo with --rollback)")
    else:
        print(f"not activated: candidate {name} is waiting (activate it later with "
              f"--activate-candidate, or on the admin page)")  # fmt: skip
    return 0


def _activate_waiting(service, user, args) -> int:
    from matcher.workspace.ranker_admin import NoModelToActivate, model_id

    view = service.overview(user)
    if view.slots.candidate is None:
        raise NoModelToActivate("no candidate model is waiting; allowed: train one first")
    name = model_id(view.slots.candidate)
    _print_comparison(view, args)
    if not _confirmed("Activate this candidate now?", args):
        print("not activated; nothing changed")
        return 0
    service.activate(user, name)  # refused if a newer candidate was trained meanwhile
    print(f"activated {name}; the previous model is kept (undo with --rollback)")
    return 0


def _rollback(service, user, args) -> int:
    from matcher.workspace.ranker_admin import NoModelToActivate

    view = service.overview(user)
    if not view.slots.can_rollback:
        raise NoModelToActivate("no previous model to bring back; allowed after an activation")
    print(f"active now:    {_name(view.slots.active)}")
    previous = view.slots.previous
    print(f"back to:       {_name(previous) if previous else 'the hand-set weights'}")
    if not _confirmed("Roll back?", args):
        print("not rolled back; nothing changed")
        return 0
    after = service.rollback(user)
    print(f"rolled back; active now: {_name(after.active)}")
    return 0


def _status(service, user, args) -> int:
    view = service.overview(user)
    if args.json:
        print(json.dumps(_figures(view), indent=2, default=str))
        return 0
    print(f"active:    {_name(view.slots.active)} ({view.status.state})")
    print(f"candidate: {_name(view.slots.candidate) if view.slots.candidate else '-'}")
    previous = view.slots.previous
    back = (
        _name(previous)
        if previous
        else ("the hand-set weights" if view.slots.can_rollback else "-")
    )
    print(f"previous:  {back}")
    print(f"decisions training can use: {view.available}")
    if view.slots.candidate:
        _print_comparison(view, args)
    return 0


# --- output --------------------------------------------------------------------------------


def _name(manifest) -> str:
    from matcher.workspace.ranker_admin import model_id

    if not manifest:
        return "the hand-set weights (no model)"
    return f"{model_id(manifest)}, {manifest.get('n_decisions', 0)} decisions"


def _figures(view) -> dict:
    """The held-out figures the admin page shows, of the waiting candidate."""
    from matcher.workspace.ranker_admin import model_id

    candidate = view.slots.candidate or {}
    m = candidate.get("metrics") or {}
    return {
        "candidate": model_id(candidate) if candidate else None,
        "active": model_id(view.slots.active) if view.slots.active else None,
        "heldout_ndcg_at_10": {
            "candidate": m.get("heldout_ndcg_candidate"),
            "active": m.get("heldout_ndcg_current") if view.slots.active else None,
            "hand_weights": m.get("heldout_ndcg_hand"),
        },
        "heldout_people": m.get("heldout_n_people"),
        "heldout_lists": m.get("heldout_n_lists"),
        "n_decisions": candidate.get("n_decisions"),
    }


def _print_comparison(view, args) -> None:
    from matcher.ranking.lifecycle import MIN_HELDOUT_LISTS

    f = _figures(view)
    if args.json:
        print(json.dumps(f, indent=2, default=str))
        return

    def shown(x) -> str:
        return "-" if x is None else f"{x:.3f}"

    ndcg = f["heldout_ndcg_at_10"]
    print(f"candidate {f['candidate']} trained on {f['n_decisions']} decisions")
    print(f"held-out nDCG@10 ({f['heldout_people']} people, {f['heldout_lists']} lists "
          "not used for training):")  # fmt: skip
    print(f"  candidate          {shown(ndcg['candidate'])}")
    print(f"  active model       {shown(ndcg['active'])}"
          + ("" if f["active"] else "  (none active: the hand-set weights are in use)"))  # fmt: skip
    print(f"  hand-set weights   {shown(ndcg['hand_weights'])}")
    if int(f["heldout_lists"] or 0) < MIN_HELDOUT_LISTS:
        print(f"  warning: fewer than {MIN_HELDOUT_LISTS} held-out lists; the figures are rough")


def _confirmed(question: str, args) -> bool:
    """``--yes``, or "ya"/"y"/"yes" typed in a terminal; never a guess."""
    if args.yes:
        return True
    if not sys.stdin.isatty():
        print("(no terminal to ask in: confirm with --activate / --yes)")
        return False
    try:
        answer = input(f"{question} [ya/tidak] ")
    except EOFError:
        return False
    return answer.strip().lower() in CONFIRM_WORDS


def _simulate(args) -> int:
    from matcher.ranking.ranker import default_dir
    from matcher.ranking.retrain import retrain_simulated

    if args.simulate < 1:
        raise ValueError(f"--simulate {args.simulate}; allowed: a number of decisions >= 1")
    if args.out is None:
        raise ValueError("--simulate needs --out FOLDER: simulated models never replace the "
                         "active one (train from the database with --as instead)")  # fmt: skip
    active = Path(args.folder) if args.folder else default_dir()
    if args.out.resolve() == active.resolve():
        raise ValueError(
            f"--out {args.out}: that is the active model's folder; allowed: any other folder "
            "(a model reaches the active folder only by --activate, which is audited)"
        )
    report = retrain_simulated(args.simulate, out=args.out, data_dir=args.data_dir,
                               encoder=args.encoder, seed=args.seed)  # fmt: skip
    if args.json:
        print(json.dumps({k: v for k, v in report.__dict__.items() if k != "manifest"},
                         indent=2, default=str))  # fmt: skip
    else:
        print(("ok: " if report.ok else "not trained: ") + report.message)
        if report.ok:
            print(f"saved to {report.path} ({report.seconds:.1f}s)")
            for name, w in sorted(report.weights.items(), key=lambda kv: -abs(kv[1])):
                print(f"  {name:24s} {w:+.3f}")
    return 0 if report.ok else 1
