"""A home visit from consent to the signed record: answers, photos by file path, evidence
thumbnails, the summary with the assessment; and what bad input gives."""

import pandu_ffi as pandu
import pytest

from helpers import PHOTO_QUESTIONS, SIGN_OFF, VISIT_ANSWERS, fill_pages, households


def test_a_whole_home_visit(synced_core, camera):
    core = synced_core
    family = households(core)[0]
    session = core.start_visit(family.household_id)

    # A visit opens on the privacy notice; nothing can be answered before consent.
    consent = session.screen()
    assert consent.is_consent()
    assert "consent" in [basis.value for basis in consent.view.bases]
    with pytest.raises(pandu.PanduError.State):
        session.answer("meals_per_day", pandu.Answer.INTEGER(2))
    session.give_consent("consent")

    # Answer every page; each photo question gets a camera file, by its path.
    camera_files = []

    def photo_for(question_id):
        camera_files.append(camera(PHOTO_QUESTIONS.index(question_id)))
        return camera_files[-1]

    fill_pages(session, VISIT_ANSWERS, photo_for)
    assert len(camera_files) == 4
    assert not any(f.exists() for f in camera_files), "the store took the camera files in"

    summary = session.screen().view
    assert len(summary.criteria) == 12
    assert summary.blocking == []
    assert summary.assessment.score.met >= summary.assessment.score.min_met

    record = session.finish(SIGN_OFF)
    assert len(record.sha256) == 64
    assert core.home().outbox.to_send == 1
    history = core.household_page(family.household_id).history
    assert history[0].record_id == record.record_id


def test_evidence_thumbnails_are_small_jpegs(device, camera):
    session = device.start_visit(households(device)[1].household_id)
    session.give_consent("consent")
    evidence = session.attach_photo("floor_photo", pandu.PhotoCapture(path=str(camera(0))))

    assert [e.photo_id for e in session.evidence()] == [evidence.photo_id]
    thumbnail = device.thumbnail(evidence.photo_id)
    assert thumbnail[:2] == b"\xff\xd8" and 1000 < len(thumbnail) < 64_000
    session.discard()


def test_a_draft_resumes_where_it_was_left(device):
    session = device.start_visit(households(device)[2].household_id)
    session.give_consent("consent")
    session.answer("floor_area_m2", pandu.Answer.DECIMAL(30.0))
    assert session.id() in [d.draft_id for d in device.home().drafts]

    resumed = device.resume(session.id())
    area = next(q for q in resumed.screen().view.questions if q.id == "floor_area_m2")
    assert area.answer == pandu.Answer.DECIMAL(30.0)
    resumed.discard()


@pytest.fixture
def visit(device):
    """A visit with consent given, discarded after the test."""
    session = device.start_visit(households(device)[3].household_id)
    session.give_consent("consent")
    yield session
    try:
        session.discard()
    except pandu.PanduError.State:
        pass  # the test discarded it already


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("floor_area_m2", pandu.Answer.DECIMAL(-3.0)),  # out of range
        ("floor_area_m2", pandu.Answer.TEXT("dua puluh")),  # the wrong kind
        ("meals_per_day", pandu.Answer.DATE("14/03/2026")),  # the wrong kind, and not ISO
        ("floor_material", pandu.Answer.CHOICE("marble")),  # not one of the choices
    ],
)
def test_a_refused_answer_names_its_field(visit, question, answer):
    with pytest.raises(pandu.PanduError.Invalid) as refused:
        visit.answer(question, answer)
    problem = refused.value.problems[0]
    assert problem.field == question
    assert problem.text.id and problem.text.en


def test_an_unknown_question_is_not_found(visit):
    with pytest.raises(pandu.PanduError.NotFound):
        visit.answer("no_such_question", pandu.Answer.INTEGER(1))


def test_a_photo_path_must_be_a_file(visit, tmp_path):
    with pytest.raises(pandu.PanduError.Invalid) as folder:
        visit.attach_photo("floor_photo", pandu.PhotoCapture(path=str(tmp_path)))
    assert [p.code for p in folder.value.problems] == ["photo.not_a_file"]

    with pytest.raises(pandu.PanduError.Invalid) as missing:
        visit.attach_photo("floor_photo", pandu.PhotoCapture(path=str(tmp_path / "none.jpg")))
    assert [p.code for p in missing.value.problems] == ["photo.missing"]


def test_a_path_is_not_a_photo_id(device):
    with pytest.raises(pandu.PanduError.Invalid):
        device.thumbnail("../../etc")


def test_finishing_too_early_lists_what_blocks(visit):
    with pytest.raises(pandu.PanduError.Invalid) as blocking:
        visit.finish(SIGN_OFF)
    assert len(blocking.value.problems) > 5


def test_a_discarded_session_cannot_be_used(visit):
    visit.discard()
    with pytest.raises(pandu.PanduError.State):
        visit.next()
