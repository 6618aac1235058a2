// What every screen shares: the core's two-language texts shown in the phone's language, the
// state of something loading, a failure shown by what the user does next, large buttons, the
// screen frame, and FLAG_SECURE for screens that show NIKs.
package id.pandu.app.ui

import android.app.Activity
import android.content.Context
import android.content.ContextWrapper
import android.view.WindowManager
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.PaddingValues
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.ArrowBack
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalConfiguration
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import id.pandu.app.R
import id.pandu.core.BilingualText
import id.pandu.gateway.Failure
import id.pandu.gateway.NextStep
import id.pandu.gateway.Outcome
import java.util.Locale

/** The text in the phone's language outside Compose (English when the phone is in English). */
fun localText(text: BilingualText, locale: Locale = Locale.getDefault()): String =
    if (locale.language == "en") text.en else text.id

/** The text in the language of the current configuration. */
@Composable
fun BilingualText.shown(): String = localText(this, LocalConfiguration.current.locales[0])

/** Something a screen loads from the gateway. */
sealed interface Loadable<out T> {
    /** Still loading. */
    data object Loading : Loadable<Nothing>

    /** Loaded. */
    data class Ready<T>(val value: T) : Loadable<T>

    /** Did not load. */
    data class Failed(val failure: Failure) : Loadable<Nothing>

    companion object {
        /** The state an outcome leads to. */
        fun <T> of(outcome: Outcome<T>): Loadable<T> = when (outcome) {
            is Outcome.Done -> Ready(outcome.value)
            is Outcome.Failed -> Failed(outcome.failure)
        }
    }
}

/** What a screen does for the user's next step after a failure. */
class FailureActions(val retry: () -> Unit, val signIn: () -> Unit)

/** Draw [state] inside [modifier]: a spinner, the failure, or [content]. */
@Composable
fun <T> LoadableContent(
    state: Loadable<T>,
    actions: FailureActions,
    modifier: Modifier = Modifier,
    content: @Composable (T) -> Unit,
) {
    Box(modifier) {
        when (state) {
            Loadable.Loading -> CircularProgressIndicator(Modifier.align(Alignment.Center).padding(16.dp))
            is Loadable.Failed -> FailureCard(state.failure, actions)
            is Loadable.Ready -> content(state.value)
        }
    }
}

/** A failure: its text, its problems, and the one button its next step calls for. */
@Composable
fun FailureCard(failure: Failure, actions: FailureActions) {
    Column(Modifier.fillMaxWidth().padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        Text(failure.text.shown(), color = MaterialTheme.colorScheme.error)
        failure.problems.forEach { Text("• " + it.text.shown()) }
        when (failure.next) {
            NextStep.RETRY -> BigButton(stringResource(R.string.retry), actions.retry)
            NextStep.SIGN_IN -> BigButton(stringResource(R.string.sign_in), actions.signIn)
            NextStep.REPORT -> Text(stringResource(R.string.report_to_admin, failure.code ?: "-"))
            NextStep.SHOW_MESSAGE -> Unit
        }
    }
}

/** A full-width button at least 56 dp tall, for thumbs in the field. */
@Composable
fun BigButton(text: String, onClick: () -> Unit, enabled: Boolean = true, outlined: Boolean = false) {
    val modifier = Modifier.fillMaxWidth().heightIn(min = 56.dp)
    if (outlined) {
        OutlinedButton(onClick, modifier, enabled) { Text(text) }
    } else {
        Button(onClick, modifier, enabled) { Text(text) }
    }
}

/** A screen with a title bar (and a back arrow when [onBack] is given). */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun ScreenFrame(title: String, onBack: (() -> Unit)?, content: @Composable (PaddingValues) -> Unit) {
    Scaffold(
        topBar = {
            TopAppBar(
                title = { Text(title) },
                navigationIcon = {
                    if (onBack != null) {
                        IconButton(onClick = onBack) {
                            Icon(Icons.AutoMirrored.Filled.ArrowBack, stringResource(R.string.back))
                        }
                    }
                },
            )
        },
        content = content,
    )
}

/** Keep this screen out of screenshots, screen recordings and the recent-apps preview (NIKs). */
@Composable
fun SecureWindow() {
    val activity = LocalContext.current.findActivity()
    DisposableEffect(activity) {
        activity?.window?.addFlags(WindowManager.LayoutParams.FLAG_SECURE)
        onDispose { activity?.window?.clearFlags(WindowManager.LayoutParams.FLAG_SECURE) }
    }
}

private tailrec fun Context.findActivity(): Activity? = when (this) {
    is Activity -> this
    is ContextWrapper -> baseContext.findActivity()
    else -> null
}
