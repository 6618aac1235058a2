// The gateway (android/corelib/src/main/kotlin/id/pandu/gateway) on the JVM against the real
// office server: every method the app calls, with answers checked to arrive on the caller's
// executor and the core's errors checked to become the screens' next steps. The tests run in
// order on one phone's data (later ones use what earlier ones did).
package id.pandu.core.test

import id.pandu.core.*
import id.pandu.gateway.*
import java.io.File
import java.net.ServerSocket
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CopyOnWriteArraySet
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/** The gateway tests, in the order they run. */
fun gatewayTests(fx: Fixture): List<Test> {
    val g = GatewayRun(GatewayProbe(fx))
    return listOf(
        Test("gateway: opens off the caller's thread; a wrong key or a broken folder is REPORT, a short key a message") { g.openAndKeys() },
        Test("gateway: sign-in failures ask to sign in again or to retry") { g.signInFailures() },
        Test("gateway: sign-in with an enrolment code, then the home screen") { g.signInAndHome() },
        Test("gateway: sync tells progress on the caller's executor and keeps the last sync") { g.firstSync() },
        Test("gateway: household search and the household page") { g.searchAndPage() },
        Test("gateway: a home visit: consent, answers, photos by path, summary, finish") { g.visit() },
        Test("gateway: refused consent, resume and discard") { g.refuseResumeDiscard() },
        Test("gateway: an RT/RW report") { g.report() },
        Test("gateway: on mobile data photos wait for Wi-Fi, then go; outbox and receipts") { g.wifiOnly() },
        Test("gateway: a sync cancelled; a second sync at once is a message") { g.cancel() },
        Test("gateway: a record the office refuses is set aside with its reasons") { g.rejected() },
        Test("gateway: a bug inside a call and a shut core are REPORT; reopened, it keeps the last sync") { g.shutDown() },
    )
}

/** Hears a sync through the gateway, noting the threads it was told on. */
class EventRecorder : SyncEvents {
    val progress = CopyOnWriteArrayList<SyncProgress>()
    val threads = CopyOnWriteArraySet<String>()
    private val done = CountDownLatch(1)
    @Volatile private var report: SyncReport? = null

    override fun progress(progress: SyncProgress) {
        threads += Thread.currentThread().name
        this.progress += progress
    }

    override fun finished(report: SyncReport) {
        threads += Thread.currentThread().name
        this.report = report
        done.countDown()
    }

    /** The report, once the sync ended, checked to have been told on the caller's executor. */
    fun await(): SyncReport {
        expect(done.await(120, TimeUnit.SECONDS)) { "the sync did not finish in time" }
        expectEquals(setOf(CALLER_THREAD), threads.toSet(), "threads told on")
        return report!!
    }
}

/** One phone's gateway, driven through the tests in order. */
class GatewayRun(private val probe: GatewayProbe) {
    private val fx = probe.fx
    private val dir = fx.folder("gateway-phone")
    private lateinit var gateway: Gateway

    fun openAndKeys() {
        val outcome = probe.open(dir)
        expect(outcome is Outcome.Done) { "opened: $outcome" }
        gateway = (outcome as Outcome.Done).value
        val locked = probe.failure(NextStep.REPORT) { Gateway.open(dir.path, Fixture.key(12), probe.caller, it) }
        expectEquals("locked", locked.code, "wrong key")
        val short = probe.failure(NextStep.SHOW_MESSAGE) {
            Gateway.open(fx.folder("short").path, ByteArray(5), probe.caller, it)
        }
        expectEquals("key.length", short.problems.single().code, "short key")
        val file = File(fx.work, "gateway-file").apply { writeText("not a folder") }
        val storage = probe.failure(NextStep.REPORT) { Gateway.open(file.path, Fixture.key(11), probe.caller, it) }
        expectEquals("storage.file", storage.code, "a file as the data folder")
    }

    fun signInFailures() {
        expectEquals(null, probe.get(gateway::account), "no account yet")
        probe.failure(NextStep.SIGN_IN) { gateway.signIn(form("not-the-password"), it) }
        val port = ServerSocket(0).use { it.localPort }
        val closed = form(fx.password).copy(serverUrl = "http://127.0.0.1:$port")
        probe.failure(NextStep.RETRY) { gateway.signIn(closed, it) }
        val home = probe.get(gateway::home)
        expect(home.account == null && home.lastSync == null && home.drafts.isEmpty() && home.tasks.isEmpty() && home.outcomes.isEmpty()) { "$home" }
    }

    fun signInAndHome() {
        val code = officeCommand(fx, "enrolment-code", "--username", fx.username).lines().first().trim()
        val byCode = form(code).copy(isEnrolmentCode = true)
        val account = probe.get { gateway.signIn(byCode, it) }
        expect(account.signedIn && account.username == fx.username) { "$account" }
        probe.failure(NextStep.SIGN_IN) { gateway.signIn(byCode, it) }
        expectEquals(account, probe.get(gateway::home).account, "home shows the account")
    }

    fun firstSync() {
        val events = EventRecorder()
        probe.get { gateway.startSync(Wifi, events, it) }
        val report = events.await()
        expectEquals(SyncOutcome.COMPLETED, report.outcome, "outcome")
        expect(report.pulled >= 20uL) { "pulled the registry: $report" }
        expectEquals(SyncStage.STARTING, events.progress.first().stage, "the state at once")
        expect(events.progress.any { it.stage == SyncStage.PULL }) { "pull progress" }
        expectEquals(SyncOutcome.COMPLETED, probe.get(gateway::home).lastSync?.outcome, "last sync")
    }

    fun searchAndPage() {
        val all = households()
        expectEquals(20, all.size, "households")
        val first = all.first()
        val prefix = first.headName!!.take(3).lowercase()
        val hits = probe.get { gateway.search(HouseholdQuery(text = prefix), it) }
        expect(hits.any { it.householdId == first.householdId }) { "found by name prefix" }
        val page = probe.get { gateway.householdPage(first.householdId, it) }
        expect(page.members.isNotEmpty() && page.registry.en.contains("PPLS") && page.entitlement == null) { "$page" }
        val missing = probe.failure(NextStep.SHOW_MESSAGE) { gateway.householdPage("no-such-id", it) }
        expectEquals("household", missing.code, "not found kind")
    }

    fun visit() {
        val household = households()[0].householdId
        val form = probe.get { gateway.startVisit(household, it) }
        expect(form.kind == FormKind.VISIT && form.householdId == household) { "visit of $household" }
        expect(probe.get(form::screen) is Screen.Consent) { "opens on consent" }
        probe.failure(NextStep.SHOW_MESSAGE) { form.answer("meals_per_day", Answer.Integer(2), it) }
        expect(probe.get { form.giveConsent("consent", it) } is Screen.Page) { "first page" }
        val refused = probe.failure(NextStep.SHOW_MESSAGE) {
            form.answer("floor_area_m2", Answer.Decimal(-3.0), it)
        }
        expectEquals("floor_area_m2", refused.problems.single().field, "problem field")
        fillPages(GatewaySteps(probe, form), VISIT_ANSWERS) { freshCameraFile(fx, PHOTO_QUESTIONS.indexOf(it)) }
        expect(probe.get(form::back) is Screen.Page) { "back to the last page" }
        expect(probe.get { form.jump("summary", it) } is Screen.Summary) { "jump to the summary" }
        photos(form)
        val summary = probe.get(form::summary)
        expect(summary.criteria.size == 12 && summary.assessment != null) { "criteria and assessment" }
        expect(summary.blocking.isEmpty()) { "nothing blocks: ${summary.blocking}" }
        val record = probe.get { form.finish(SIGN_OFF, it) }
        expectEquals(64, record.sha256.length, "record hash")
        val home = probe.get(gateway::home)
        expect(home.outbox.toSend == 1L && home.drafts.isEmpty()) { "queued: $home" }
    }

    /** Evidence, thumbnail, the full photo's file, and taking a photo again. */
    private fun photos(form: FormGateway) {
        val evidence = probe.get(form::evidence)
        expectEquals(PHOTO_QUESTIONS.toSet(), evidence.map { it.questionId }.toSet(), "evidence")
        val thumb = probe.get { gateway.thumbnail(evidence.first().photoId, it) }
        expect(thumb.size > 1000 && thumb[0] == 0xFF.toByte() && thumb[1] == 0xD8.toByte()) { "JPEG" }
        val fullPath: String = probe.get { gateway.openPhotoFile(evidence.first().photoId, it) }
        val full = File(fullPath)
        expect(full.isFile) { "full photo file" }
        probe.get(gateway::clearPhotoFiles)
        expect(!full.exists()) { "photo files cleared" }
        val removed = probe.get { form.removePhoto("floor_photo", it) } as Screen.Summary
        expect(removed.view.blocking.isNotEmpty()) { "a missing photo blocks" }
        val again = freshCameraFile(fx, 0).path
        val retaken = probe.get { form.attachPhoto("floor_photo", again, null, it) } as Screen.Summary
        expect(retaken.view.blocking.isEmpty()) { "retaken: ${retaken.view.blocking}" }
    }

    fun refuseResumeDiscard() {
        val all = households()
        val started = probe.get { gateway.startVisit(all[1].householdId, it) }
        val resumed = probe.get { gateway.resume(started.id, it) }
        expect(probe.get(resumed::screen) is Screen.Consent) { "resumed on consent" }
        probe.get { resumed.refuseConsent(SIGN_OFF, it) }
        val history = probe.get { gateway.householdPage(all[1].householdId, it) }.history
        expectEquals(RecordKind.VISIT_REFUSED, history.first().kind, "refusal in the history")
        val dropped = probe.get { gateway.startVisit(all[2].householdId, it) }
        probe.get { dropped.giveConsent("consent", it) }
        probe.get(dropped::discard)
        expect(probe.get(gateway::home).drafts.isEmpty()) { "no drafts left" }
        probe.failure(NextStep.SHOW_MESSAGE) { gateway.resume(dropped.id, it) }
    }

    fun report() {
        val form = probe.get { gateway.startReport(null, it) }
        expectEquals(FormKind.REPORT, form.kind, "kind")
        fillPages(GatewaySteps(probe, form), REPORT_ANSWERS) { null }
        expectEquals(null, probe.get(form::summary).assessment, "no assessment for reports")
        probe.get { form.finish(SIGN_OFF, it) }
        expectEquals(3L, probe.get(gateway::home).outbox.toSend, "three records queued")
    }

    fun wifiOnly() {
        val onData = sync(MobileData)
        expect(onData.mediaDeferred && onData.photosSent == 0uL) { "photos wait: $onData" }
        expectEquals(1uL, onData.waitingForMedia, "the visit waits for its photos")
        val waiting = probe.get(gateway::syncOverview).outbox.single { it.kind == RecordKind.VISIT }
        expectEquals(OutboxState.WAITING_MEDIA, waiting.state, "visit state")
        val onWifi = sync(Wifi)
        expectEquals(4uL, onWifi.photosSent, "photos sent on Wi-Fi")
        val overview = probe.get(gateway::syncOverview)
        expect(overview.outbox.all { it.state == OutboxState.DONE }) { "all done: ${overview.outbox}" }
        expectEquals(3, overview.receipts.size, "receipts")
        expect(overview.setAside.isEmpty()) { "nothing set aside" }
        expectEquals(SyncOutcome.COMPLETED, overview.lastSync?.outcome, "last sync")
    }

    fun cancel() {
        finishReport(null)
        val first = EventRecorder()
        // Both go to the gateway's one worker in this order, so the second finds the first running.
        gateway.startSync(Wifi, first) { (it as Outcome.Done).value.cancel() }
        probe.failure(NextStep.SHOW_MESSAGE) { gateway.startSync(Wifi, EventRecorder(), it) }
        expectEquals(SyncOutcome.CANCELLED, first.await().outcome, "cancelled")
        expectEquals(1uL, sync(Wifi).sent, "the report sent by the next sync")
    }

    fun rejected() {
        val all = households()
        val area = all.first().kelurahanCode
        val outside = all.firstOrNull { it.kelurahanCode != area }
        expect(outside != null) { "the registry spans two kelurahan" }
        val password = "kata-sandi-wilayah-1"
        officeCommand(fx, "create-user", "--username", "rini", "--role", "peksos", "--kelurahan", area, input = "$password\n")
        probe.get { gateway.signIn(form(password).copy(username = "rini"), it) }
        finishReport(outside!!.householdId)
        val report = sync(Wifi)
        expectEquals(1uL, report.setAside, "set aside by the office: $report")
        val aside = probe.get(gateway::syncOverview).setAside.single()
        expectEquals(OutboxState.REJECTED, aside.state, "state")
        expect(aside.problems.isNotEmpty() && aside.problems.all { it.text.id.isNotBlank() && it.text.en.isNotBlank() }) {
            "the office's reasons: ${aside.problems}"
        }
        expectEquals(1L, probe.get(gateway::home).outbox.setAside, "home counts it")
    }

    fun shutDown() {
        val bug = Failure.of(IllegalStateException("a bug"))
        expect(bug.next == NextStep.REPORT && bug.code == "internal") { "$bug" }
        probe.get(gateway::shutdown)
        val closed = probe.failure(NextStep.REPORT) { gateway.home(it) }
        expectEquals("closed", closed.code, "closed core")
        val reopened = (probe.open(dir) as Outcome.Done).value
        val home = probe.get(reopened::home)
        expect(home.account?.username == "rini" && home.lastSync?.outcome == SyncOutcome.COMPLETED) {
            "the account and the last sync outlive the process: $home"
        }
        probe.get(reopened::shutdown)
    }

    private fun households() = probe.get { gateway.search(HouseholdQuery(), it) }

    private fun form(secret: String) = SignInForm(fx.server, fx.username, secret, false, "gateway-jvm")

    /** Write and finish an RT/RW report, about [householdId] or a family it describes. */
    private fun finishReport(householdId: String?) {
        val form = probe.get { gateway.startReport(householdId, it) }
        fillPages(GatewaySteps(probe, form), REPORT_ANSWERS) { null }
        probe.get { form.finish(SIGN_OFF, it) }
    }

    /** One sync through the gateway on [network], to its end. */
    private fun sync(network: SyncNetwork): SyncReport {
        val events = EventRecorder()
        val control = probe.get { gateway.startSync(network, events, it) }
        val report = events.await()
        expect(control.isFinished) { "the handle knows it ended" }
        return report
    }

    companion object {
        val Wifi = SyncNetwork(metered = false, photosOnWifiOnly = true)
        val MobileData = SyncNetwork(metered = true, photosOnWifiOnly = true)
    }
}
