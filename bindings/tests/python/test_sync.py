"""Sign-in and sync against the real office server: the listener's callbacks, a full sync with
receipts, cancel, and a listener that raises."""

import threading

import pandu_ffi as pandu
import pytest

from helpers import (
    PHOTO_QUESTIONS,
    SIGN_OFF,
    VISIT_ANSWERS,
    Recorder,
    closed_port_url,
    fill_pages,
    finish_report,
    households,
    sync_now,
)


def test_sync_before_sign_in_ends_signed_out(new_core):
    report = sync_now(new_core())
    assert report.outcome == pandu.SyncOutcome.SIGNED_OUT
    assert report.message.id and report.message.en


def test_sign_in_with_the_password(new_core, office):
    core = new_core()
    account = office.sign_in(core)
    assert (account.username, account.role, account.signed_in) == (office.username, "peksos", True)
    assert core.account() == account


def test_a_wrong_password_is_signed_out(new_core, office):
    core = new_core()
    with pytest.raises(pandu.PanduError.SignedOut) as refused:
        office.sign_in(core, password="not-the-password")
    assert refused.value.text.en
    assert core.account() is None


def test_no_server_listening_is_network(new_core, office):
    with pytest.raises(pandu.PanduError.Network):
        office.sign_in(new_core(), url=closed_port_url())


def test_the_listener_hears_the_current_state_first_then_changes(new_core, office):
    core = new_core()
    office.sign_in(core)
    recorder = Recorder()
    report = sync_now(core, recorder)

    assert report.outcome == pandu.SyncOutcome.COMPLETED
    assert report.pulled >= 20
    assert recorder.progress[0].stage == pandu.SyncStage.STARTING
    assert pandu.SyncStage.PULL in [p.stage for p in recorder.progress]
    assert len(recorder.reports) == 1, "on_finished is called once, last"


def test_a_full_sync_sends_records_and_photos_and_keeps_receipts(synced_core, camera):
    core = synced_core
    visit = core.start_visit(households(core)[0].household_id)
    visit.give_consent("consent")
    fill_pages(visit, VISIT_ANSWERS, lambda q: camera(PHOTO_QUESTIONS.index(q)))
    visit.finish(SIGN_OFF)
    finish_report(core)

    recorder = Recorder()
    report = sync_now(core, recorder)
    assert report.outcome == pandu.SyncOutcome.COMPLETED
    assert (report.sent, report.photos_sent) == (2, 4)
    assert any(p.stage == pandu.SyncStage.MEDIA and p.bytes_done > 0 for p in recorder.progress)

    outbox = core.outbox()
    assert all(e.state == pandu.OutboxState.DONE and e.receipt for e in outbox)
    assert len(core.receipts()) == len(outbox) == 2
    visit_entry = next(e for e in outbox if e.kind == pandu.RecordKind.VISIT)
    assert len(visit_entry.receipt.media) == 4
    assert core.set_aside() == []
    assert core.home().outbox.sent == 2


class Held(Recorder):
    """A listener that holds the sync at its first callback until the test releases it, so that
    what the test does meanwhile happens while the sync surely runs. (It gives up after ten
    seconds, which is what would happen if the handle's calls waited for the listener.)"""

    def __init__(self):
        super().__init__()
        self.holding = threading.Event()
        self.released = threading.Event()
        self.gave_up = False

    def on_progress(self, progress):
        super().on_progress(progress)
        if len(self.progress) == 1:
            self.holding.set()
            self.gave_up = not self.released.wait(10)


def test_a_cancelled_sync_ends_cancelled_and_runs_again(synced_core):
    core = synced_core
    finish_report(core)

    held = Held()
    handle = core.start_sync(pandu.SyncSettings(), held)
    assert held.holding.wait(10)
    with pytest.raises(pandu.PanduError.State):
        core.start_sync(pandu.SyncSettings(), Recorder())  # one sync at a time
    assert not handle.is_finished()
    handle.cancel()
    held.released.set()
    assert held.wait().outcome == pandu.SyncOutcome.CANCELLED
    assert not held.gave_up, "the handle's calls did not wait for the listener"
    assert handle.is_finished()
    assert core.home().outbox.to_send == 1, "nothing lost"

    again = sync_now(core)
    assert (again.outcome, again.sent) == (pandu.SyncOutcome.COMPLETED, 1)


class Raising(Recorder):
    """A listener with a bug: every callback raises after recording."""

    def __init__(self, error):
        super().__init__()
        self.error = error

    def on_progress(self, progress):
        super().on_progress(progress)
        raise self.error

    def on_finished(self, report):
        super().on_finished(report)
        raise self.error


@pytest.mark.parametrize(
    "error", [RuntimeError("listener bug"), pandu.ListenerError.Failed("listener gave up")]
)
def test_a_listener_that_raises_does_not_stop_the_sync(synced_core, error):
    core = synced_core
    finish_report(core)

    listener = Raising(error)
    handle = core.start_sync(pandu.SyncSettings(), listener)
    report = handle.wait_finished(120_000)
    assert (report.outcome, report.sent) == (pandu.SyncOutcome.COMPLETED, 1)
    assert len(listener.progress) > 2, "it was told of every change after the first raise"
    assert core.home().outbox.sent == 1
