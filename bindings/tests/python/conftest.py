"""Fixtures of the Python suite: the office server scripts/test-python started (its address,
account and test photos come in PANDU_* environment variables), fresh device cores in temporary
folders, and camera files to attach."""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandu_ffi as pandu
import pytest

from helpers import key, sync_now


@dataclass(frozen=True)
class Office:
    """The office server of this run and the account the tests sign in with."""

    url: str
    username: str
    password: str
    photos: Path

    def sign_in(self, core, password=None, url=None):
        """Sign `core` in with the account's password (or another password, or at another
        address)."""
        request = pandu.SignInRequest(
            server_url=url or self.url,
            username=self.username,
            credential=pandu.Credential.PASSWORD(password or self.password),
            device_name="python-tests",
        )
        return core.sign_in(request)


@pytest.fixture(scope="session")
def office():
    """The office server started by scripts/test-python."""
    missing = [v for v in ("PANDU_SERVER", "PANDU_USERNAME", "PANDU_PASSWORD", "PANDU_PHOTOS")
               if v not in os.environ]
    if missing:
        pytest.fail(f"run the suite with scripts/test-python (missing {', '.join(missing)})")
    return Office(
        url=os.environ["PANDU_SERVER"],
        username=os.environ["PANDU_USERNAME"],
        password=os.environ["PANDU_PASSWORD"],
        photos=Path(os.environ["PANDU_PHOTOS"]),
    )


@pytest.fixture
def new_core(tmp_path):
    """Open a new, empty device core in a folder of its own: `new_core()`. Shut down after the
    test."""
    opened = []

    def open_core(byte=1):
        core = pandu.PanduCore.open(str(tmp_path / f"device-{len(opened)}"), key(byte))
        opened.append(core)
        return core

    yield open_core
    for core in opened:
        core.shutdown()


@pytest.fixture
def synced_core(new_core, office):
    """A new device core, signed in and with the registry pulled by a first sync."""
    core = new_core()
    office.sign_in(core)
    assert sync_now(core).outcome == pandu.SyncOutcome.COMPLETED
    return core


@pytest.fixture(scope="session")
def device(tmp_path_factory, office):
    """One device shared by the read-only tests: signed in, registry pulled."""
    core = pandu.PanduCore.open(str(tmp_path_factory.mktemp("device")), key(1))
    office.sign_in(core)
    assert sync_now(core).outcome == pandu.SyncOutcome.COMPLETED
    yield core
    core.shutdown()


@pytest.fixture
def camera(tmp_path, office):
    """Take a picture: `camera(n)` copies test photo n to a new camera file and returns its path
    (attaching a photo moves the camera's file into the encrypted store)."""
    taken = []

    def take(n=0):
        path = tmp_path / "DCIM" / f"IMG_{len(taken):04d}.jpg"
        path.parent.mkdir(exist_ok=True)
        shutil.copy(office.photos / f"photo-{n % 4:02d}.jpg", path)
        taken.append(path)
        return path

    return take

