"""pipelines/tables.py: rows to declared Arrow tables, and the process-memory helpers."""
from __future__ import annotations

import gc

from sitrep.pipelines.tables import collector_paused


def test_the_collector_is_off_inside_and_as_it_was_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def test_an_exception_inside_still_turns_the_collector_back_on():
    try:
        with collector_paused():
            raise RuntimeError("inside")
    except RuntimeError:
        pass
    assert gc.isenabled()


def test_freeze_takes_what_lives_at_the_end_out_of_the_walks():
    before = gc.get_freeze_count()
    kept = []
    try:
        with collector_paused(freeze=True):
            kept.extend([i] for i in range(1000))
        assert gc.get_freeze_count() >= before + 1000
    finally:
        gc.unfreeze()
