"""Worker threads for batch work (:mod:`matcher.threads`)."""

from __future__ import annotations

import threading

import pytest
import torch

from matcher.threads import ENV, batch_threads, run_each


def test_every_piece_runs_once_on_worker_threads_and_torch_gets_its_threads_back():
    before = torch.get_num_threads()
    seen: dict[int, str] = {}
    inside: list[int] = []

    def work(piece: int) -> None:
        seen[piece] = threading.current_thread().name
        inside.append(torch.get_num_threads())

    run_each(work, range(40), threads=2)
    assert sorted(seen) == list(range(40))
    assert threading.main_thread().name not in seen.values()
    assert set(inside) == {1}  # one torch thread per worker while they run
    assert torch.get_num_threads() == before


def test_one_thread_or_one_piece_runs_in_the_callers_thread():
    for threads, pieces in ((1, range(3)), (4, range(1))):
        names: list[str] = []

        def work(_: int, names: list[str] = names) -> None:
            names.append(threading.current_thread().name)

        run_each(work, pieces, threads)
        assert set(names) == {threading.current_thread().name}


def test_a_failing_piece_is_raised_and_torch_threads_are_restored():
    before = torch.get_num_threads()

    def work(piece: int) -> None:
        if piece == 3:
            raise ValueError("piece 3")

    with pytest.raises(ValueError, match="piece 3"):
        run_each(work, range(8), threads=2)
    assert torch.get_num_threads() == before


def test_the_thread_count_comes_from_the_environment_or_torch(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    assert batch_threads() == torch.get_num_threads()
    monkeypatch.setenv(ENV, "3")
    assert batch_threads() == 3
    for bad in ("0", "two", "-1", "1.5"):
        monkeypatch.setenv(ENV, bad)
        with pytest.raises(ValueError, match=rf"{ENV}='{bad}'; allowed: a whole number"):
            batch_threads()
