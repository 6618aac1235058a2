"""What the tests share besides fixtures: the answers of a real visit and report, walking a
session page by page as the app does, and a sync listener that records what it hears.

Read these as examples: an office script drives `pandu_ffi` the same way.
"""

import socket
import threading

import pandu_ffi as pandu

# The answers of `field/examples/visit-answers.json`: a poor household that meets the criteria.
VISIT_ANSWERS = {
    "floor_area_m2": pandu.Answer.DECIMAL(24.0),
    "dwelling_people": pandu.Answer.INTEGER(5),
    "floor_material": pandu.Answer.CHOICE("earth"),
    "wall_material": pandu.Answer.CHOICE("bamboo"),
    "toilet": pandu.Answer.CHOICE("shared"),
    "lighting": pandu.Answer.CHOICE("oil_lamp"),
    "house_point": pandu.Answer.POINT(pandu.GpsPoint(lat=-0.22, lon=100.63, accuracy_m=8.0)),
    "protein_per_week": pandu.Answer.CHOICE("once_or_less"),
    "clothes_per_year": pandu.Answer.CHOICE("one_or_none"),
    "meals_per_day": pandu.Answer.INTEGER(2),
    "can_pay_clinic": pandu.Answer.CHOICE("no"),
    "head_occupation": pandu.Answer.CHOICE("farmer"),
    "land_ha": pandu.Answer.DECIMAL(0.3),
    "head_income": pandu.Answer.INTEGER(450000),
    "head_education": pandu.Answer.CHOICE("sd"),
    "savings_500k": pandu.Answer.CHOICE("no"),
    "urgent_need": pandu.Answer.CHOICE("none"),
}

# The answers of `field/examples/report-answers.json`: an RT/RW volunteer proposes a family.
REPORT_ANSWERS = {
    "report_type": pandu.Answer.CHOICE("propose"),
    "family_name": pandu.Answer.TEXT("Keluarga Bapak Syafrizal"),
    "address": pandu.Answer.TEXT("Jl. Sudirman No. 5, RT 02 RW 01"),
    "urgency": pandu.Answer.CHOICE("urgent"),
    "description": pandu.Answer.TEXT(
        "Kepala keluarga sakit sejak dua bulan, anak tiga masih sekolah."
    ),
}

# The visit's photo questions, in the order the pages ask them.
PHOTO_QUESTIONS = ["floor_photo", "wall_photo", "toilet_photo", "lighting_photo"]

# The officer's sign-off that finishes a visit or report.
SIGN_OFF = pandu.SignOff(officer="rina", confirmed=True)


def key(byte):
    """A 32-byte store key filled with `byte` (a phone keeps a random one in its keystore)."""
    return bytes([byte]) * 32


def fill_pages(session, answers, photo_for=lambda question_id: None):
    """Go page by page as the app does: answer what each page shows (a question may appear
    after another is answered, so the page is read again until nothing is left), attach a photo
    (a file path from `photo_for`) to each photo question, then go to the next page. Stops on the
    summary."""
    for _ in range(40):
        screen = session.screen()
        if screen.is_summary():
            return
        given = 0
        for question in screen.view.questions:
            if question.answer is not None:
                continue
            path = photo_for(question.id) if question.kind == pandu.QuestionKind.PHOTO else None
            if path is not None:
                session.attach_photo(question.id, pandu.PhotoCapture(path=str(path)))
                given += 1
            elif question.id in answers:
                session.answer(question.id, answers[question.id])
                given += 1
        if given == 0:
            session.next()
    raise AssertionError("the session never reached its summary")


def finish_report(core):
    """Fill and finish one RT/RW report, queueing it for the next sync."""
    session = core.start_report(None)
    fill_pages(session, REPORT_ANSWERS)
    return session.finish(SIGN_OFF)


class Recorder(pandu.SyncListener):
    """A sync listener that keeps every progress it hears and lets the caller wait for the
    report. Called on the sync's own thread."""

    def __init__(self):
        self.progress = []
        self.reports = []
        self._done = threading.Event()

    def on_progress(self, progress):
        self.progress.append(progress)

    def on_finished(self, report):
        self.reports.append(report)
        self._done.set()

    def wait(self, timeout_s=120):
        """The report, once the sync ended."""
        assert self._done.wait(timeout_s), "the sync did not finish in time"
        return self.reports[-1]


def sync_now(core, listener=None):
    """Run one sync to its end and return its report. The handle is kept until then: dropping
    it cancels the sync."""
    listener = listener or Recorder()
    handle = core.start_sync(pandu.SyncSettings(attempts=2), listener)
    report = listener.wait()
    assert handle.is_finished()
    return report


def households(core):
    """Every household on the device (the registry holds 20)."""
    return core.search_households(pandu.HouseholdQuery(), 100)


def closed_port_url():
    """The address of a port of 127.0.0.1 where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"
