// What a gateway call gives a screen: the value, or a failure that says what the screen does
// next. The core's PanduError variants become four next steps, so no screen has to know them.
package id.pandu.gateway

import id.pandu.core.BilingualText
import id.pandu.core.PanduException
import id.pandu.core.Problem

/** The result of one gateway call, delivered on the caller's executor. */
sealed interface Outcome<out T> {
    /** The call succeeded with [value]. */
    data class Done<T>(val value: T) : Outcome<T>

    /** The call failed; [failure] says what to do next. */
    data class Failed(val failure: Failure) : Outcome<Nothing>
}

/** Receives the outcome of a call. */
typealias Reply<T> = (Outcome<T>) -> Unit

/** What the screen does about a failure. */
enum class NextStep {
    /** No connection: nothing was lost, offer to try again. */
    RETRY,

    /** The input or the moment was wrong: show [Failure.text] and [Failure.problems]. */
    SHOW_MESSAGE,

    /** Go to the sign-in screen. */
    SIGN_IN,

    /** Something is broken on the phone: show the text and ask the user to tell the admin. */
    REPORT,
}

/**
 * A failed call as a screen sees it: the next step, the text in both languages, the problems
 * (each names its question or field) and a stable [code] for the admin when there is one.
 */
data class Failure(
    val next: NextStep,
    val text: BilingualText,
    val problems: List<Problem> = emptyList(),
    val code: String? = null,
) {
    companion object {
        /** The failure of a call that threw [error]. */
        fun of(error: Exception): Failure = when (error) {
            is PanduException -> ofCore(error)
            else -> Failure(NextStep.REPORT, INTERNAL_TEXT, code = "internal")
        }

        private fun ofCore(e: PanduException): Failure = when (e) {
            is PanduException.Network -> Failure(NextStep.RETRY, e.text)
            is PanduException.Invalid -> Failure(NextStep.SHOW_MESSAGE, e.text, e.problems)
            is PanduException.NotFound -> Failure(NextStep.SHOW_MESSAGE, e.text, code = e.kind)
            is PanduException.State -> Failure(NextStep.SHOW_MESSAGE, e.text)
            is PanduException.SignedOut -> Failure(NextStep.SIGN_IN, e.text)
            // The phone's key comes from its keystore: a key that does not open the data, or a
            // closed core, is a fault to report, not something the user can type in.
            is PanduException.Locked -> Failure(NextStep.REPORT, e.text, code = "locked")
            is PanduException.Closed -> Failure(NextStep.REPORT, e.text, code = "closed")
            is PanduException.Storage -> Failure(NextStep.REPORT, e.text, code = e.code)
        }

        /** The text of a failure the core did not describe (a bug inside a call). */
        val INTERNAL_TEXT = BilingualText(
            id = "Terjadi kesalahan di dalam aplikasi. Laporkan ke admin.",
            en = "Something went wrong inside the app. Report it to the admin.",
        )
    }
}

/** Run [call] and wrap what it returns or throws. */
internal fun <T> attempt(call: () -> T): Outcome<T> = try {
    Outcome.Done(call())
} catch (e: Exception) {
    Outcome.Failed(Failure.of(e))
}
