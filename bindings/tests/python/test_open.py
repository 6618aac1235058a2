"""Opening the device's data: with its key, with a wrong key, and after it was shut down."""

import pandu_ffi as pandu
import pytest

from helpers import REPORT_ANSWERS, Recorder, key


def test_open_with_the_key_and_reopen(tmp_path):
    folder = str(tmp_path / "data")
    core = pandu.PanduCore.open(folder, key(7))
    assert core.is_open()
    assert core.home().outbox.to_send == 0
    draft = core.start_report(None)
    draft.answer("urgency", REPORT_ANSWERS["urgency"])
    core.shutdown()

    # The same key opens the same data again: the unfinished report is still there.
    again = pandu.PanduCore.open(folder, key(7))
    assert [d.draft_id for d in again.home().drafts] == [draft.id()]
    again.shutdown()


def test_a_wrong_key_is_locked_and_changes_nothing(tmp_path):
    folder = str(tmp_path / "data")
    pandu.PanduCore.open(folder, key(7)).shutdown()

    with pytest.raises(pandu.PanduError.Locked) as locked:
        pandu.PanduCore.open(folder, key(8))
    assert locked.value.text.id and locked.value.text.en

    core = pandu.PanduCore.open(folder, key(7))
    assert core.is_open()
    core.shutdown()


def test_calls_on_a_closed_core_are_closed(new_core):
    core = new_core()
    session = core.start_report(None)
    core.shutdown()

    assert not core.is_open()
    with pytest.raises(pandu.PanduError.Closed):
        core.home()
    with pytest.raises(pandu.PanduError.Closed):
        session.answer("urgency", REPORT_ANSWERS["urgency"])
    with pytest.raises(pandu.PanduError.Closed):
        session.screen()
    with pytest.raises(pandu.PanduError.Closed):
        core.start_sync(pandu.SyncSettings(), Recorder())
    core.shutdown()  # shutting down twice is harmless
