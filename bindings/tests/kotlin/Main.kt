// The Kotlin suite of the Pandu binding, on a real JVM through JNA, driving the generated API as
// the Android app does. Run by scripts/test-kotlin, which starts the office server first.
package id.pandu.core.test

import id.pandu.core.*
import java.io.File
import java.net.ServerSocket
import kotlin.system.exitProcess

fun main() {
    val fx = Fixture.fromSystemProperties()
    val failed = runAll(tests(fx))
    exitProcess(if (failed == 0) 0 else 1)
}

/** Every test, in the order they run (later ones use the device the earlier ones set up). */
fun tests(fx: Fixture) = listOf(
    Test("open with the key; a wrong key is Locked, a short key Invalid, a file Storage") { openAndKeys(fx) },
    Test("sync before sign-in ends SignedOut") { syncBeforeSignIn(fx) },
    Test("sign-in with a wrong password is SignedOut") { wrongPassword(fx) },
    Test("sign-in against a closed port is Network") { closedPort(fx) },
    Test("sign-in with the password") { signIn(fx) },
    Test("first sync pulls the registry, reporting progress") { firstSync(fx) },
    Test("registry search and the household page") { searchAndPage(fx) },
    Test("a whole home visit: consent, answers, photos by path, summary") { homeVisit(fx) },
    Test("bad input in a visit is a typed error") { badInput(fx) },
    Test("a draft resumes where it was left") { resumeDraft(fx) },
    Test("an RT/RW report") { report(fx) },
    Test("a full sync sends the records and keeps receipts") { fullSync(fx) },
    Test("a sync cancelled at once ends Cancelled and runs again") { cancelSync(fx) },
    Test("a listener that throws does not stop the sync") { throwingListener(fx) },
    Test("a panic inside a call is an exception, and the core goes on") { panicSurfaces(fx) },
    Test("calls on a shut-down core are Closed") { shutDown(fx) },
    Test("overhead of typical calls and photo ingest") { overhead(fx) },
) + gatewayTests(fx)

fun openAndKeys(fx: Fixture) {
    val dir = fx.folder("keys").path
    PanduCore.open(dir, Fixture.key(7)).use { core ->
        expectEquals(0L, core.home().outbox.toSend, "fresh outbox")
        core.shutdown()
    }
    val locked = expectThrows<PanduException.Locked>("wrong key") {
        PanduCore.open(dir, Fixture.key(8))
    }
    expect(locked.text.id.isNotBlank() && locked.text.en.isNotBlank()) { "bilingual text" }
    val short = expectThrows<PanduException.Invalid>("short key") {
        PanduCore.open(dir, ByteArray(31))
    }
    expectEquals("key.length", short.problems.single().code, "problem code")
    PanduCore.open(dir, Fixture.key(7)).use { expect(it.isOpen()) { "reopened" } }
    val file = File(fx.work, "a-file").apply { writeText("not a folder") }
    val storage = expectThrows<PanduException.Storage>("a file as data folder") {
        PanduCore.open(file.path, Fixture.key(7))
    }
    expectEquals("storage.file", storage.code, "storage code")
}

fun syncBeforeSignIn(fx: Fixture) {
    val report = fx.syncNow()
    expectEquals(SyncOutcome.SIGNED_OUT, report.outcome, "outcome")
    expect(report.message != null) { "a message says why" }
}

fun wrongPassword(fx: Fixture) {
    val request = SignInRequest(fx.server, fx.username, Credential.Password("not-the-password"), "x")
    val e = expectThrows<PanduException.SignedOut>("wrong password") { fx.core.signIn(request) }
    expect(e.text.en.isNotBlank()) { "the office's message" }
    expectEquals(null, fx.core.account(), "no account kept")
}

fun closedPort(fx: Fixture) {
    val port = ServerSocket(0).use { it.localPort }
    val request = SignInRequest(
        "http://127.0.0.1:$port", fx.username, Credential.Password(fx.password), "x",
    )
    expectThrows<PanduException.Network>("closed port") { fx.core.signIn(request) }
}

fun signIn(fx: Fixture) {
    val account = fx.signIn()
    expectEquals(fx.username, account.username, "user")
    expectEquals("peksos", account.role, "role")
    expect(account.signedIn) { "signed in" }
    expectEquals(account, fx.core.account(), "kept")
}

fun firstSync(fx: Fixture) {
    val recorder = Recorder()
    val report = fx.syncNow(recorder)
    expectEquals(SyncOutcome.COMPLETED, report.outcome, "outcome")
    expect(report.pulled >= 20uL) { "pulled the 20 registry households: $report" }
    expectEquals(SyncStage.STARTING, recorder.progress.first().stage, "the state at once")
    expect(recorder.progress.any { it.stage == SyncStage.PULL }) { "pull progress" }
    expectEquals(1, recorder.finishedCalls, "one finished call")
    expectEquals(20, fx.households().size, "households on the device")
}

fun searchAndPage(fx: Fixture) {
    val first = fx.households().first()
    val word = first.headName!!.split(" ").first()
    val hits = fx.core.searchHouseholds(HouseholdQuery(text = word.take(3).lowercase()), 50u)
    expect(hits.any { it.householdId == first.householdId }) { "found by name prefix" }
    val byArea = fx.core.searchHouseholds(
        HouseholdQuery(kelurahanCode = first.kelurahanCode, rw = first.rw, rt = first.rt), 50u,
    )
    expect(byArea.any { it.householdId == first.householdId }) { "found by area" }
    expect(fx.core.searchHouseholds(HouseholdQuery(text = "zzzqx"), 10u).isEmpty()) { "none" }
    val page = fx.core.householdPage(first.householdId)
    expect(page.registry.id.contains("PPLS") && page.registry.en.contains("PPLS")) { "registry" }
    expect(page.members.isNotEmpty()) { "members" }
    expect(page.members.all { m -> m.nikMasked?.let { it.count(Char::isDigit) <= 4 } ?: true }) {
        "NIKs masked"
    }
}

fun homeVisit(fx: Fixture) {
    val household = fx.households()[0]
    val session = fx.core.startVisit(household.householdId)
    val consent = session.screen() as Screen.Consent
    expect(consent.view.bases.any { it.value == "consent" }) { "consent basis offered" }
    expectThrows<PanduException.State>("answer before consent") {
        session.answer("meals_per_day", Answer.Integer(2))
    }
    session.giveConsent("consent")
    val cameraFiles = mutableListOf<File>()
    fillPages(session, VISIT_ANSWERS) { q ->
        fx.cameraFile(PHOTO_QUESTIONS.indexOf(q)).also { cameraFiles += it }
    }
    expect(cameraFiles.size == 4 && cameraFiles.none { it.exists() }) { "camera files taken in" }
    val summary = (session.screen() as Screen.Summary).view
    expectEquals(12, summary.criteria.size, "criteria")
    expect(summary.blocking.isEmpty()) { "nothing blocks: ${summary.blocking}" }
    expect(summary.assessment!!.score.met >= summary.assessment!!.score.minMet) { "poor" }
    val photoId = session.evidence().first().photoId
    val thumb = fx.core.thumbnail(photoId)
    expect(thumb.size > 1000 && thumb[0] == 0xFF.toByte() && thumb[1] == 0xD8.toByte()) { "JPEG" }
    val record = session.finish(SIGN_OFF)
    expectEquals(64, record.sha256.length, "record hash")
    expectThrows<PanduException.State>("answer after finish") {
        session.answer("meals_per_day", Answer.Integer(3))
    }
    expectEquals(1L, fx.core.home().outbox.toSend, "queued")
    val history = fx.core.householdPage(household.householdId).history
    expectEquals(record.recordId, history.first().recordId, "in the family's history")
}

fun badInput(fx: Fixture) {
    expectThrows<PanduException.NotFound>("unknown household") { fx.core.startVisit("no-such-id") }
    val session = fx.core.startVisit(fx.households()[1].householdId)
    session.giveConsent("consent")
    val range = expectThrows<PanduException.Invalid>("out of range") {
        session.answer("floor_area_m2", Answer.Decimal(-3.0))
    }
    val problem = range.problems.single()
    expectEquals("floor_area_m2", problem.field, "problem field")
    expect(problem.text.id.isNotBlank() && problem.text.en.isNotBlank()) { "bilingual" }
    expectThrows<PanduException.Invalid>("bad date") {
        session.answer("floor_area_m2", Answer.Date("14/03/2026"))
    }
    expectThrows<PanduException.Invalid>("wrong kind") {
        session.answer("floor_area_m2", Answer.Text("dua puluh"))
    }
    expectThrows<PanduException.NotFound>("unknown question") {
        session.answer("no_such_question", Answer.Integer(1))
    }
    val folder = expectThrows<PanduException.Invalid>("a folder as photo") {
        session.attachPhoto("floor_photo", PhotoCapture(fx.folder("not-a-photo").path))
    }
    expectEquals("photo.not_a_file", folder.problems.single().code, "folder refused")
    val missing = expectThrows<PanduException.Invalid>("missing photo") {
        session.attachPhoto("floor_photo", PhotoCapture(File(fx.work, "nothing.jpg").path))
    }
    expectEquals("photo.missing", missing.problems.single().code, "missing refused")
    expectThrows<PanduException.Invalid>("a path as photo id") { fx.core.thumbnail("../../etc") }
    val blocking = expectThrows<PanduException.Invalid>("finish too early") {
        session.finish(SIGN_OFF)
    }
    expect(blocking.problems.size > 5) { "what blocks: ${blocking.problems.size}" }
    session.discard()
    expectThrows<PanduException.State>("used after discard") { session.next() }
}

fun resumeDraft(fx: Fixture) {
    val session = fx.core.startVisit(fx.households()[2].householdId)
    session.giveConsent("consent")
    session.answer("floor_area_m2", Answer.Decimal(30.0))
    val draftId = session.id()
    expect(fx.core.home().drafts.any { it.draftId == draftId }) { "listed on the home screen" }
    val resumed = fx.core.resume(draftId)
    val page = (resumed.screen() as Screen.Page).view
    val area = page.questions.first { it.id == "floor_area_m2" }.answer
    expectEquals(Answer.Decimal(30.0), area, "the saved answer")
    resumed.discard()
}

fun report(fx: Fixture) {
    val session = fx.core.startReport(null)
    expectEquals(FormKind.REPORT, session.kind(), "kind")
    fillPages(session, REPORT_ANSWERS) { null }
    val summary = session.summary()
    expect(summary.blocking.isEmpty()) { "nothing blocks: ${summary.blocking}" }
    expectEquals(null, summary.assessment, "no assessment for reports")
    session.finish(SIGN_OFF)
    expectEquals(2L, fx.core.home().outbox.toSend, "two records queued")
}

fun fullSync(fx: Fixture) {
    val recorder = Recorder()
    val report = fx.syncNow(recorder)
    expectEquals(SyncOutcome.COMPLETED, report.outcome, "outcome")
    expectEquals(2uL, report.sent, "records sent")
    expectEquals(4uL, report.photosSent, "photos sent")
    expect(recorder.progress.any { it.stage == SyncStage.MEDIA && it.bytesDone > 0uL }) { "bytes" }
    val outbox = fx.core.outbox()
    expect(outbox.all { it.state == OutboxState.DONE && it.receipt != null }) { "all done" }
    expectEquals(outbox.size, fx.core.receipts().size, "receipts")
    expectEquals(4, outbox.first { it.kind == RecordKind.VISIT }.receipt!!.media.size, "media")
    expect(fx.core.setAside().isEmpty()) { "nothing set aside" }
    expectEquals(2L, fx.core.home().outbox.sent, "home counts")
}

fun cancelSync(fx: Fixture) {
    val session = fx.core.startReport(null)
    fillPages(session, REPORT_ANSWERS) { null }
    session.finish(SIGN_OFF)
    val recorder = HeldRecorder()
    fx.core.startSync(SyncSettings(), recorder).use { handle ->
        recorder.awaitHeld()
        expectThrows<PanduException.State>("a second sync at once") {
            fx.core.startSync(SyncSettings(), Recorder())
        }
        handle.cancel()
        recorder.release()
        expectEquals(SyncOutcome.CANCELLED, recorder.await().outcome, "cancelled")
        expect(handle.isFinished()) { "finished" }
    }
    val again = fx.syncNow()
    expectEquals(SyncOutcome.COMPLETED, again.outcome, "runs again")
    expectEquals(1uL, again.sent, "the report sent")
}

fun throwingListener(fx: Fixture) {
    val session = fx.core.startReport(null)
    fillPages(session, REPORT_ANSWERS) { null }
    session.finish(SIGN_OFF)
    val thrower = object : Recorder() {
        override fun onProgress(progress: SyncProgress) {
            super.onProgress(progress)
            throw IllegalStateException("listener bug")
        }

        override fun onFinished(report: SyncReport) {
            super.onFinished(report)
            throw IllegalStateException("listener bug")
        }
    }
    fx.core.startSync(SyncSettings(), thrower).use { handle ->
        val report = handle.waitFinished(120_000uL)
        expectEquals(SyncOutcome.COMPLETED, report?.outcome, "finished anyway")
        expectEquals(1uL, report!!.sent, "sent")
    }
    expect(thrower.progress.size > 2) { "kept telling after the throw" }
    expectEquals(4L, fx.core.home().outbox.sent, "the host goes on: all four records sent")
}

fun panicSurfaces(fx: Fixture) {
    val e = expectThrows<InternalException>("panic") { fx.core.debugPanic() }
    expect(e.message!!.contains("debug_panic")) { "the panic's message: ${e.message}" }
    expect(fx.core.home().outbox.sent >= 2) { "the core still answers" }
}

fun shutDown(fx: Fixture) {
    val core = PanduCore.open(fx.folder("closed").path, Fixture.key(3))
    val session = core.startReport(null)
    core.shutdown()
    expect(!core.isOpen()) { "shut" }
    expectThrows<PanduException.Closed>("home") { core.home() }
    expectThrows<PanduException.Closed>("session") { session.answer("urgency", Answer.Choice("urgent")) }
    expectThrows<PanduException.Closed>("screen") { session.screen() }
    expectThrows<PanduException.Closed>("sync") { core.startSync(SyncSettings(), Recorder()) }
    core.shutdown()
    core.close()
}
