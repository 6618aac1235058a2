// Sign-in and enrolment: the office's address, the user name, and a password or the one-time
// enrolment code an admin gave. The gateway says what a failure means; this screen only shows it.
package id.pandu.app.screens

import android.os.Build
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.FilterChip
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.text.input.VisualTransformation
import androidx.compose.ui.unit.dp
import androidx.lifecycle.ViewModel
import id.pandu.app.R
import id.pandu.app.ui.BigButton
import id.pandu.app.ui.FailureActions
import id.pandu.app.ui.FailureCard
import id.pandu.app.ui.ScreenFrame
import id.pandu.gateway.Failure
import id.pandu.gateway.Gateway
import id.pandu.gateway.Outcome
import id.pandu.gateway.SignInForm

/** The sign-in form's state. */
class SignInViewModel(private val gateway: Gateway) : ViewModel() {
    var serverUrl by mutableStateOf("https://")
    var username by mutableStateOf("")
    var secret by mutableStateOf("")
    var byCode by mutableStateOf(false)
    var busy by mutableStateOf(false)
        private set
    var failure by mutableStateOf<Failure?>(null)
        private set

    /** Sign in; [onSignedIn] runs on success. */
    fun submit(onSignedIn: () -> Unit) {
        busy = true
        failure = null
        val form = SignInForm(serverUrl, username, secret, byCode, "${Build.MANUFACTURER} ${Build.MODEL}")
        gateway.signIn(form) { outcome ->
            busy = false
            when (outcome) {
                is Outcome.Done -> onSignedIn()
                is Outcome.Failed -> failure = outcome.failure
            }
        }
    }
}

/** The sign-in screen. */
@Composable
fun SignInScreen(vm: SignInViewModel, onSignedIn: () -> Unit) {
    ScreenFrame(stringResource(R.string.sign_in_title), onBack = null) { padding ->
        Column(
            Modifier.padding(padding).padding(16.dp).verticalScroll(rememberScrollState()),
            verticalArrangement = Arrangement.spacedBy(12.dp),
        ) {
            OutlinedTextField(
                vm.serverUrl, { vm.serverUrl = it }, Modifier.fillMaxWidth(),
                label = { Text(stringResource(R.string.server_address)) },
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Uri),
                singleLine = true,
            )
            OutlinedTextField(
                vm.username, { vm.username = it }, Modifier.fillMaxWidth(),
                label = { Text(stringResource(R.string.username)) },
                singleLine = true,
            )
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                FilterChip(!vm.byCode, { vm.byCode = false }, { Text(stringResource(R.string.password)) })
                FilterChip(vm.byCode, { vm.byCode = true }, { Text(stringResource(R.string.enrolment_code)) })
            }
            OutlinedTextField(
                vm.secret, { vm.secret = it }, Modifier.fillMaxWidth(),
                label = { Text(stringResource(if (vm.byCode) R.string.enrolment_code else R.string.password)) },
                visualTransformation = if (vm.byCode) VisualTransformation.None else PasswordVisualTransformation(),
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Password),
                singleLine = true,
            )
            vm.failure?.let { FailureCard(it, FailureActions(retry = { vm.submit(onSignedIn) }, signIn = {})) }
            BigButton(stringResource(R.string.sign_in), { vm.submit(onSignedIn) }, enabled = !vm.busy)
        }
    }
}
