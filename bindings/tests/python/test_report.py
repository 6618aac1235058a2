"""An RT/RW volunteer's report about a family the registry may not know."""

import pandu_ffi as pandu

from helpers import REPORT_ANSWERS, SIGN_OFF, fill_pages


def test_an_rt_rw_report(synced_core):
    session = synced_core.start_report(None)
    assert session.kind() == pandu.FormKind.REPORT

    fill_pages(session, REPORT_ANSWERS)
    summary = session.summary()
    assert summary.blocking == []
    assert summary.assessment is None  # reports are not scored

    session.finish(SIGN_OFF)
    assert synced_core.home().outbox.to_send == 1
