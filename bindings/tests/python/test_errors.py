"""Every error a call can give, how to provoke it, and what it carries: one `PanduError` subclass
per thing the caller does next, each with an Indonesian and an English text free of personal
data. A panic inside the library is an `InternalError`, never a crash of Python."""

import pandu_ffi as pandu
import pytest

from helpers import closed_port_url, key


def network(core, office, tmp_path):
    """No server answers: try again later."""
    office.sign_in(core, url=closed_port_url())


def invalid(core, office, tmp_path):
    """A key that is not 32 bytes: the input is refused, nothing changes."""
    pandu.PanduCore.open(str(tmp_path / "other"), bytes(31))


def locked(core, office, tmp_path):
    """The right folder with the wrong key."""
    folder = str(tmp_path / "locked")
    pandu.PanduCore.open(folder, key(7)).shutdown()
    pandu.PanduCore.open(folder, key(8))


def signed_out(core, office, tmp_path):
    """A wrong password: sign in again."""
    office.sign_in(core, password="not-the-password")


def not_found(core, office, tmp_path):
    """A household the registry does not have."""
    core.start_visit("no-such-household")


def state(core, office, tmp_path):
    """A session used after it was discarded."""
    session = core.start_report(None)
    session.discard()
    session.next()


def closed(core, office, tmp_path):
    """Any call after shutdown."""
    core.shutdown()
    core.home()


def storage(core, office, tmp_path):
    """A file where the data folder should be."""
    (tmp_path / "a-file").write_text("not a folder")
    pandu.PanduCore.open(str(tmp_path / "a-file"), key(1))


# Each error, how to provoke it, and what else it carries besides its text.
ERRORS = [
    (network, pandu.PanduError.Network, lambda e: True),
    (invalid, pandu.PanduError.Invalid, lambda e: e.problems[0].code == "key.length"),
    (locked, pandu.PanduError.Locked, lambda e: True),
    (signed_out, pandu.PanduError.SignedOut, lambda e: True),
    (not_found, pandu.PanduError.NotFound, lambda e: e.kind == "household"),
    (state, pandu.PanduError.State, lambda e: True),
    (closed, pandu.PanduError.Closed, lambda e: True),
    (storage, pandu.PanduError.Storage, lambda e: e.code == "storage.file"),
]


@pytest.mark.parametrize(
    ("provoke", "error", "carries"), ERRORS, ids=[provoke.__name__ for provoke, *_ in ERRORS]
)
def test_every_error_variant(new_core, office, tmp_path, provoke, error, carries):
    core = new_core()
    with pytest.raises(error) as raised:
        provoke(core, office, tmp_path)

    assert carries(raised.value)
    text = raised.value.text
    assert text.id and text.en and text.id != text.en
    assert str(tmp_path) not in text.id + text.en, "no file paths in messages"


def test_a_panic_inside_a_call_is_an_internal_error(new_core):
    core = new_core()
    with pytest.raises(pandu.InternalError, match="debug_panic"):
        core.debug_panic()  # exported only by the test build (feature test-hooks)
    assert core.home().outbox.to_send == 0, "the core still answers"
