// The state of one visit or report screen: which session (new visit, new report, or a draft),
// the core's Screen to draw, the failure of the last step, and the record once finished. Each
// user action is one gateway call that answers with the next Screen.
package id.pandu.app.screens

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.lifecycle.ViewModel
import id.pandu.app.ui.Loadable
import id.pandu.core.Answer
import id.pandu.core.FinishedRecord
import id.pandu.core.PhotoFix
import id.pandu.core.Screen
import id.pandu.core.SignOff
import id.pandu.gateway.Failure
import id.pandu.gateway.FormGateway
import id.pandu.gateway.Gateway
import id.pandu.gateway.Outcome
import id.pandu.gateway.Reply

/** How the screen's session begins. */
sealed interface FormStart {
    /** A new home visit of a family. */
    data class Visit(val householdId: String) : FormStart

    /** A new RT/RW report, about a known family or not. */
    data class Report(val householdId: String?) : FormStart

    /** An unfinished visit or report. */
    data class Resume(val draftId: String) : FormStart
}

/** The visit/report screen's state. */
class FormViewModel(private val gateway: Gateway, start: FormStart) : ViewModel() {
    var screen by mutableStateOf<Loadable<Screen>>(Loadable.Loading)
        private set
    var failure by mutableStateOf<Failure?>(null)
        private set
    var finished by mutableStateOf<FinishedRecord?>(null)
        private set
    var form by mutableStateOf<FormGateway?>(null)
        private set
    private var officer = ""

    init {
        gateway.account { outcome -> officer = (outcome as? Outcome.Done)?.value?.username ?: "" }
        val opened: Reply<FormGateway> = { outcome ->
            when (outcome) {
                is Outcome.Done -> form = outcome.value.also { it.screen(::show) }
                is Outcome.Failed -> screen = Loadable.Failed(outcome.failure)
            }
        }
        when (start) {
            is FormStart.Visit -> gateway.startVisit(start.householdId, opened)
            is FormStart.Report -> gateway.startReport(start.householdId, opened)
            is FormStart.Resume -> gateway.resume(start.draftId, opened)
        }
    }

    /** Draw the current step again. */
    fun reload() {
        form?.screen(::show)
    }

    /** Consent given on [basis]. */
    fun giveConsent(basis: String) {
        form?.giveConsent(basis, ::show)
    }

    /** Set or clear an answer. */
    fun answer(questionId: String, value: Answer?) {
        form?.answer(questionId, value, ::show)
    }

    /** The next page. */
    fun next() {
        form?.next(::show)
    }

    /** The page before. */
    fun back() {
        form?.back(::show)
    }

    /** A page by id, or the summary. */
    fun jump(sectionId: String) {
        form?.jump(sectionId, ::show)
    }

    /** The camera's file at [path] as the photo of [questionId]. */
    fun attachPhoto(questionId: String, path: String, fix: PhotoFix?) {
        form?.attachPhoto(questionId, path, fix, ::show)
    }

    /** Remove a photo to take it again. */
    fun removePhoto(questionId: String) {
        form?.removePhoto(questionId, ::show)
    }

    /** A photo's thumbnail. */
    fun thumbnail(photoId: String, reply: Reply<ByteArray>) = gateway.thumbnail(photoId, reply)

    /** The family refused: record only the refusal. */
    fun refuse() {
        form?.refuseConsent(SignOff(officer, confirmed = true), ::done)
    }

    /** Finish, with the officer's statement that the record is true to the visit. */
    fun finish(confirmed: Boolean) {
        form?.finish(SignOff(officer, confirmed), ::done)
    }

    /** Throw the draft away; [then] runs after. */
    fun discard(then: () -> Unit) {
        form?.discard { outcome ->
            when (outcome) {
                is Outcome.Done -> then()
                is Outcome.Failed -> failure = outcome.failure
            }
        }
    }

    /** A step's answer: the new screen, or the failure shown above the unchanged screen. */
    private fun show(outcome: Outcome<Screen>) {
        when (outcome) {
            is Outcome.Done -> {
                screen = Loadable.Ready(outcome.value)
                failure = null
            }
            is Outcome.Failed -> if (screen is Loadable.Ready) failure = outcome.failure else screen = Loadable.of(outcome)
        }
    }

    private fun done(outcome: Outcome<FinishedRecord>) {
        when (outcome) {
            is Outcome.Done -> finished = outcome.value
            is Outcome.Failed -> failure = outcome.failure
        }
    }
}
