// The app's only door to the core. It owns the process's single PanduCore, runs every blocking
// call on its worker thread and answers on the caller's executor, and shapes the core's calls
// into what each screen needs. Pure Kotlin (no android.* imports), so it is compiled and tested
// on the JVM against a real office server by scripts/test-kotlin.
package id.pandu.gateway

import id.pandu.core.AccountInfo
import id.pandu.core.Credential
import id.pandu.core.DraftRow
import id.pandu.core.HouseholdHit
import id.pandu.core.HouseholdPage
import id.pandu.core.HouseholdQuery
import id.pandu.core.OutboxSummary
import id.pandu.core.OutcomeRow
import id.pandu.core.PanduCore
import id.pandu.core.SignInRequest
import id.pandu.core.TaskRow
import java.util.concurrent.Executor
import java.util.concurrent.ExecutorService

/** What the sign-in screen sends: the office, the user and a password or an enrolment code. */
data class SignInForm(
    val serverUrl: String,
    val username: String,
    /** The password, or the enrolment code when [isEnrolmentCode]. */
    val secret: String,
    val isEnrolmentCode: Boolean,
    /** A name for this phone, shown to the admin. */
    val deviceName: String,
)

/** The home screen: who is signed in, the drafts, the outbox counts, the last sync, and what the office sent. */
data class HomeView(
    val account: AccountInfo?,
    val drafts: List<DraftRow>,
    val outbox: OutboxSummary,
    val lastSync: LastSync?,
    /** The office's open tasks (families to visit, visits sent back), newest first. */
    val tasks: List<TaskRow>,
    /** The office's outcomes on this user's visits and reports, newest first. */
    val outcomes: List<OutcomeRow>,
)

/** The core, opened once per process; every screen's call goes through it. */
class Gateway private constructor(
    private val core: PanduCore,
    private val calls: CallRunner,
    private val lastSync: LastSyncFile,
) {
    /** Sign this phone in; a wrong password asks to sign in again, no connection to retry. */
    fun signIn(form: SignInForm, reply: Reply<AccountInfo>) = calls.run({
        val credential = if (form.isEnrolmentCode) {
            Credential.EnrolmentCode(form.secret.trim())
        } else {
            Credential.Password(form.secret)
        }
        core.signIn(SignInRequest(form.serverUrl.trim(), form.username.trim(), credential, form.deviceName))
    }, reply)

    /** The account this phone is signed in with, if any (to choose the first screen). */
    fun account(reply: Reply<AccountInfo?>) = calls.run({ core.account() }, reply)

    /** The home screen. */
    fun home(reply: Reply<HomeView>) = calls.run({
        val home = core.home()
        HomeView(core.account(), home.drafts, home.outbox, lastSync.load(), home.tasks, home.outcomes)
    }, reply)

    /** Families matching [query], at most [SEARCH_LIMIT]. */
    fun search(query: HouseholdQuery, reply: Reply<List<HouseholdHit>>) =
        calls.run({ core.searchHouseholds(query, SEARCH_LIMIT) }, reply)

    /** The household page (registry status, members with masked NIKs, earlier visits). */
    fun householdPage(householdId: String, reply: Reply<HouseholdPage>) =
        calls.run({ core.householdPage(householdId) }, reply)

    /** Start a home visit of [householdId]; it opens on the consent step. */
    fun startVisit(householdId: String, reply: Reply<FormGateway>) =
        calls.run({ FormGateway(core.startVisit(householdId), calls) }, reply)

    /** Start an RT/RW report about [householdId], or about a family it describes (`null`). */
    fun startReport(householdId: String?, reply: Reply<FormGateway>) =
        calls.run({ FormGateway(core.startReport(householdId), calls) }, reply)

    /** Reopen draft [draftId] where it was left. */
    fun resume(draftId: String, reply: Reply<FormGateway>) =
        calls.run({ FormGateway(core.resume(draftId), calls) }, reply)

    /** The small JPEG of photo [photoId], for lists and the summary. */
    fun thumbnail(photoId: String, reply: Reply<ByteArray>) =
        calls.run({ core.thumbnail(photoId) }, reply)

    /** Photo [photoId] decrypted to a private temporary file (its path), to show it full size. */
    fun openPhotoFile(photoId: String, reply: Reply<String>) =
        calls.run({ core.openPhotoFile(photoId) }, reply)

    /** Delete the files [openPhotoFile] made (when the photo viewer closes). */
    fun clearPhotoFiles(reply: Reply<Unit>) = calls.run({ core.clearPhotoFiles() }, reply)

    /** The outbox, the records set aside with the office's reasons, the receipts, the last sync. */
    fun syncOverview(reply: Reply<SyncOverview>) = calls.run({
        SyncOverview(core.outbox(), core.setAside(), core.receipts(), lastSync.load())
    }, reply)

    /**
     * Start a sync on [network]; [events] hear its progress and its report on the caller's
     * executor. A second sync while one runs fails with a message.
     */
    fun startSync(network: SyncNetwork, events: SyncEvents, reply: Reply<SyncControl>) = calls.run({
        val listener = HoppingListener(calls, lastSync, events)
        val handle = core.startSync(network.settings(), listener)
        listener.handle = handle
        if (handle.isFinished()) listener.handle = null
        SyncControl(handle)
    }, reply)

    /** Close the core (a running sync is cancelled); calls made after fail with REPORT. */
    fun shutdown(reply: Reply<Unit>) = calls.run({ core.shutdown() }, reply)

    companion object {
        /** The most families a search lists. */
        const val SEARCH_LIMIT: UInt = 50u

        /**
         * Open the core in [dataDir] with the 32-byte [key] on the gateway's worker, and answer
         * with the gateway on [deliver]. [worker] is the gateway's own single thread unless a
         * test passes another.
         */
        fun open(
            dataDir: String,
            key: ByteArray,
            deliver: Executor,
            reply: Reply<Gateway>,
            worker: ExecutorService = CallRunner.defaultWorker(),
        ) {
            val calls = CallRunner(worker, deliver)
            calls.run({ Gateway(PanduCore.open(dataDir, key), calls, LastSyncFile(dataDir)) }) { opened ->
                if (opened is Outcome.Failed) calls.stop()
                reply(opened)
            }
        }
    }
}
