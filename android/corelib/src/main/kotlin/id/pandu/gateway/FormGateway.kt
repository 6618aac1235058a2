// One open home visit or RT/RW report, as its screen drives it: every step that changes the
// session answers with the screen to draw next, so the screen only renders what the core's view
// model says and never decides about households, criteria or eligibility itself.
package id.pandu.gateway

import id.pandu.core.Answer
import id.pandu.core.EvidenceView
import id.pandu.core.FinishedRecord
import id.pandu.core.FormKind
import id.pandu.core.PhotoCapture
import id.pandu.core.PhotoFix
import id.pandu.core.Screen
import id.pandu.core.Session
import id.pandu.core.SignOff
import id.pandu.core.SummaryView

/** A visit or report session; made by [Gateway.startVisit], [Gateway.startReport] or [Gateway.resume]. */
class FormGateway internal constructor(private val session: Session, private val calls: CallRunner) {
    /** The draft id (it becomes the record id). */
    val id: String = session.id()

    /** Visit or report. */
    val kind: FormKind = session.kind()

    /** The family the session is about, if any. */
    val householdId: String? = session.householdId()

    /** The screen to draw now. */
    fun screen(reply: Reply<Screen>) = step(reply) {}

    /** Record consent (or another basis offered on the consent step); answers the first page. */
    fun giveConsent(basis: String, reply: Reply<Screen>) = step(reply) { session.giveConsent(basis) }

    /** The family refused: only the refusal is recorded, and the session ends. */
    fun refuseConsent(signOff: SignOff, reply: Reply<FinishedRecord>) =
        calls.run({ session.refuseConsent(signOff) }, reply)

    /** Set (or with `null` clear) an answer; a refused answer fails with its problems. */
    fun answer(questionId: String, value: Answer?, reply: Reply<Screen>) =
        step(reply) { session.answer(questionId, value) }

    /** Go to the next page, or to the summary after the last. */
    fun next(reply: Reply<Screen>) = step(reply) { session.next() }

    /** Go back a page. */
    fun back(reply: Reply<Screen>) = step(reply) { session.back() }

    /** Jump to page [sectionId], or to the summary with `"summary"`. */
    fun jump(sectionId: String, reply: Reply<Screen>) = step(reply) { session.jump(sectionId) }

    /**
     * Hand the camera's file at [path] (in the app's private folder) to the core as the photo of
     * [questionId]; the core takes it in and deletes the file.
     */
    fun attachPhoto(questionId: String, path: String, fix: PhotoFix?, reply: Reply<Screen>) =
        step(reply) { session.attachPhoto(questionId, PhotoCapture(path, fix)) }

    /** Remove the photo of [questionId], to take it again. */
    fun removePhoto(questionId: String, reply: Reply<Screen>) =
        step(reply) { session.removePhoto(questionId) }

    /** The photos attached now, with what the office will look at. */
    fun evidence(reply: Reply<List<EvidenceView>>) = calls.run({ session.evidence() }, reply)

    /** The summary: criteria, assessment and what still blocks finishing. */
    fun summary(reply: Reply<SummaryView>) = calls.run({ session.summary() }, reply)

    /** Finish into the immutable record, queued for the next sync. */
    fun finish(signOff: SignOff, reply: Reply<FinishedRecord>) =
        calls.run({ session.finish(signOff) }, reply)

    /** Throw the draft away. */
    fun discard(reply: Reply<Unit>) = calls.run({ session.discard() }, reply)

    /** Run [change], then read the screen it led to. */
    private fun step(reply: Reply<Screen>, change: () -> Unit) = calls.run({
        change()
        session.screen()
    }, reply)
}
