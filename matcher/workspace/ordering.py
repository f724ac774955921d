"""A counselor's adjustments laid over the engine's ranking, replayed from the decision log.

The engine ranks; the counselor then pins, moves, accepts and rejects. Those decisions
are stored one by one (append-only), and the list a counselor sees is rebuilt by
replaying them in order over the engine's output, so it survives reloads, crashes and
re-ranking after a weight change:

* pinned items float to the top, in the order they were pinned;
* "move up/down" swaps an item with its neighbour (pinned and unpinned items stay apart;
  :meth:`AdjustedList.move_block` says why a move is not possible, so the app can
  disable the button with the reason instead of storing a move that changes nothing);
* rejected items leave the list and are shown in a separate "rejected" section with
  their reason; accepting one again brings it back.

A card scored above the card before it says why (:class:`ListItem.order_note`, a code
whose words are in ``app/i18n``): the card above is pinned, a counselor moved one of
them, or the engine's diversity step put a different kind of item first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from matcher.db import Decision, DecisionAction, ReasonCode
from matcher.engine.results import OrderNote, Recommendation


@dataclass(frozen=True)
class ListItem:
    """One opportunity as the counselor sees it: the engine's pick plus their marks."""

    rec: Recommendation
    position: int  # 1-based place in the adjusted list
    pinned: bool = False
    accepted: bool = False
    note: str = ""
    order_note: OrderNote | None = None  # why it sits below a card with a lower score


@dataclass(frozen=True)
class RejectedItem:
    item_id: str
    title: str
    reason: ReasonCode | None
    note: str
    who: str
    at: datetime
    subtitle: str = ""  # employer or provider: several vacancies share a title


@dataclass(frozen=True)
class AdjustedList:
    kind: str
    items: tuple[ListItem, ...]
    rejected: tuple[RejectedItem, ...]

    def ids(self) -> list[str]:
        return [i.rec.item_id for i in self.items]

    def find(self, item_id: str) -> ListItem | None:
        return next((i for i in self.items if i.rec.item_id == item_id), None)

    def move_block(self, item_id: str, step: int) -> str | None:
        """Why moving ``item_id`` by ``step`` (-1 up, +1 down) would change nothing.

        ``None`` when the move swaps it with its neighbour; else a code: ``"not_shown"``
        (the item is not in the list), ``"edge"`` (first or last), ``"pinned"`` (the
        neighbour is pinned and the item is not, or the other way round: moves never
        cross the pinned block).
        """
        ids = self.ids()
        if item_id not in ids:
            return "not_shown"
        j = ids.index(item_id) + step
        if not 0 <= j < len(ids):
            return "edge"
        if self.items[j].pinned != self.items[j - step].pinned:
            return "pinned"
        return None


class _Replay:
    """Mutable state while decisions are replayed; only :func:`adjust` uses it."""

    def __init__(self, base: list[str]):
        self.order = list(base)  # not rejected, display order
        self.pinned: list[str] = []
        self.accepted: set[str] = set()
        self.rejected: dict[str, Decision] = {}
        self.notes: dict[str, str] = {}
        self.base = {item_id: i for i, item_id in enumerate(base)}

    def _put_back(self, item_id: str) -> None:
        """Re-insert an item that was rejected at its engine place among unpinned items."""
        if item_id in self.order or item_id not in self.base:
            return
        rank = self.base[item_id]
        at = len(self.order)
        for i, other in enumerate(self.order):
            if other not in self.pinned and self.base.get(other, 1 << 30) > rank:
                at = i
                break
        self.order.insert(max(at, len(self.pinned)), item_id)

    def _move(self, item_id: str, step: int) -> None:
        if item_id not in self.order:
            return
        i = self.order.index(item_id)
        j = i + step
        if not 0 <= j < len(self.order):
            return
        if (self.order[j] in self.pinned) != (item_id in self.pinned):
            return  # never across the pinned block
        self.order[i], self.order[j] = self.order[j], self.order[i]

    def apply(self, d: Decision) -> None:
        item = d.opportunity_id
        if d.action is DecisionAction.NOTE and item:
            self.notes[item] = d.note
        elif d.action is DecisionAction.REJECT:
            self.rejected[item] = d
            self.accepted.discard(item)
            if item in self.pinned:
                self.pinned.remove(item)
            if item in self.order:
                self.order.remove(item)
        elif d.action is DecisionAction.ACCEPT:
            self.accepted.add(item)
            if self.rejected.pop(item, None) is not None:
                self._put_back(item)  # stored before restore existed: accepts the item too
        elif d.action is DecisionAction.RESTORE:
            if self.rejected.pop(item, None) is not None:
                self._put_back(item)
        elif d.action is DecisionAction.PIN and item in self.order and item not in self.pinned:
            self.order.remove(item)
            self.order.insert(len(self.pinned), item)
            self.pinned.append(item)
        elif d.action is DecisionAction.UNPIN and item in self.pinned:
            self.pinned.remove(item)
            self.order.remove(item)
            self.order.insert(len(self.pinned), item)
        elif d.action is DecisionAction.MOVE_UP:
            self._move(item, -1)
        elif d.action is DecisionAction.MOVE_DOWN:
            self._move(item, +1)


def pinned_ids(decisions: list[Decision], kind: str) -> set[str]:
    """The items of ``kind`` the decisions leave pinned, as :func:`adjust` replays them:
    pinned while not rejected, and since then neither unpinned nor rejected. For items
    outside the engine's pool (pinned from those a list left off), which the caller adds
    to the pool before :func:`adjust` places them."""
    pinned: set[str] = set()
    rejected: set[str] = set()
    for d in decisions:
        item = d.opportunity_id
        if not item or getattr(d.opportunity_kind, "value", d.opportunity_kind) != kind:
            continue
        if d.action is DecisionAction.PIN and item not in rejected:
            pinned.add(item)
        elif d.action is DecisionAction.UNPIN:
            pinned.discard(item)
        elif d.action is DecisionAction.REJECT:
            pinned.discard(item)
            rejected.add(item)
        elif d.action in (DecisionAction.ACCEPT, DecisionAction.RESTORE):
            rejected.discard(item)
    return pinned


def _order_note(
    replay: _Replay, by_id: Mapping[str, Recommendation], above: str, item: str
) -> OrderNote | None:
    """Why ``item`` sits right below ``above`` although it scores higher; None if it doesn't."""
    if by_id[item].score <= by_id[above].score:
        return None
    if above in replay.pinned:
        return OrderNote.PIN_ORDER if item in replay.pinned else OrderNote.PINNED_ABOVE
    if replay.base[above] < replay.base[item]:
        # The engine's own order: only its diversity step puts a lower score first.
        return by_id[item].order_note or OrderNote.DIVERSITY
    return OrderNote.MOVED


def adjust(
    kind: str,
    recs: Sequence[Recommendation],
    decisions: Iterable[Decision],
    *,
    shown: int = 10,
    titles: Mapping[str, str] | None = None,
    subtitles: Mapping[str, str] | None = None,
) -> AdjustedList:
    """The list a counselor sees for one kind of opportunity.

    Parameters
    ----------
    kind : str
        ``"vacancy"``, ``"training"`` or ``"entrepreneurship"``; decisions about other
        kinds are ignored.
    recs : sequence of Recommendation
        The engine's ranking (a pool somewhat longer than ``shown``, so pinned items
        that slipped down after re-ranking still appear).
    decisions : iterable of Decision
        This person's decisions, oldest first.
    shown : int
        How many unpinned items to show; pinned items are always shown.
    titles : mapping, optional
        Opportunity id -> title, for rejected items no longer in ``recs``.
    subtitles : mapping, optional
        Opportunity id -> employer or provider, likewise.
    """
    by_id = {r.item_id: r for r in recs}
    replay = _Replay([r.item_id for r in recs])
    for d in decisions:
        kind_value = getattr(d.opportunity_kind, "value", d.opportunity_kind)
        if d.opportunity_id and kind_value == kind:
            replay.apply(d)
    visible = replay.order[: max(shown, len(replay.pinned))]
    visible += [i for i in replay.pinned if i not in visible]
    items = tuple(
        ListItem(
            rec=by_id[item_id],
            position=n,
            pinned=item_id in replay.pinned,
            accepted=item_id in replay.accepted,
            note=replay.notes.get(item_id, ""),
            order_note=_order_note(replay, by_id, visible[n - 2], item_id) if n > 1 else None,
        )
        for n, item_id in enumerate(visible, start=1)
    )
    titles, subtitles = titles or {}, subtitles or {}
    rejected = tuple(
        RejectedItem(
            item_id=item_id,
            title=by_id[item_id].title if item_id in by_id else titles.get(item_id, item_id),
            reason=d.reason_code,
            note=d.note,
            who=d.who,
            at=d.at,
            subtitle=by_id[item_id].subtitle if item_id in by_id else subtitles.get(item_id, ""),
        )
        for item_id, d in replay.rejected.items()
    )
    return AdjustedList(kind=kind, items=items, rejected=rejected)
