// The home visit and the RT/RW report, drawn from the core's session view model: the consent
// step, each page of questions, and the summary with criteria and recommendation. The screen
// keeps no rules of its own; it renders the Screen the core answers after each step. NIKs may
// be typed here, so the window is secure; GPS runs only while this screen is shown for a visit.
package id.pandu.app.screens

import android.location.Location
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Checkbox
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import id.pandu.app.R
import id.pandu.app.platform.rememberCamera
import id.pandu.app.platform.rememberFixWhileShown
import id.pandu.app.platform.toPhotoFix
import id.pandu.app.ui.BigButton
import id.pandu.app.ui.FailureActions
import id.pandu.app.ui.FailureCard
import id.pandu.app.ui.LoadableContent
import id.pandu.app.ui.ScreenFrame
import id.pandu.app.ui.SecureWindow
import id.pandu.app.ui.shown
import id.pandu.core.ConsentView
import id.pandu.core.FormKind
import id.pandu.core.PageView
import id.pandu.core.Screen
import id.pandu.core.SummaryView

/** The visit or report screen. */
@Composable
fun FormScreen(vm: FormViewModel, onSignIn: () -> Unit, onDone: () -> Unit) {
    SecureWindow()
    val isVisit = vm.form?.kind == FormKind.VISIT
    val title = stringResource(if (isVisit) R.string.visit else R.string.report)
    ScreenFrame(title, onDone) { padding ->
        Column(Modifier.padding(padding)) {
            vm.failure?.let { FailureCard(it, FailureActions(vm::reload, onSignIn)) }
            if (vm.finished != null) {
                Finished(onDone)
            } else {
                LoadableContent(vm.screen, FailureActions(vm::reload, onSignIn)) { screen ->
                    when (screen) {
                        is Screen.Consent -> ConsentStep(screen.view, vm)
                        is Screen.Page -> if (isVisit) VisitPage(screen.view, vm) else PageStep(screen.view, vm, null)
                        is Screen.Summary -> SummaryStep(screen.view, vm, onDone)
                    }
                }
            }
        }
    }
}

/** A visit's page, with GPS running while it is shown. */
@Composable
private fun VisitPage(page: PageView, vm: FormViewModel) {
    val tracker = rememberFixWhileShown()
    PageStep(page, vm, tracker.fix)
}

@Composable
private fun Finished(onDone: () -> Unit) {
    Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        Text(stringResource(R.string.record_saved), style = MaterialTheme.typography.titleMedium)
        BigButton(stringResource(R.string.back_home), onDone)
    }
}

@Composable
private fun ConsentStep(view: ConsentView, vm: FormViewModel) {
    var refusing by remember { mutableStateOf(false) }
    LazyColumn(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        item { Text(view.title.shown(), style = MaterialTheme.typography.headlineSmall) }
        item { Text(view.notice.shown()) }
        items(view.bases, key = { it.value }) { basis ->
            BigButton(basis.label.shown(), { vm.giveConsent(basis.value) })
        }
        item { BigButton(stringResource(R.string.family_refuses), { refusing = true }, outlined = true) }
    }
    if (refusing) {
        AlertDialog(
            onDismissRequest = { refusing = false },
            confirmButton = { TextButton({ refusing = false; vm.refuse() }) { Text(stringResource(R.string.confirm)) } },
            dismissButton = { TextButton({ refusing = false }) { Text(stringResource(R.string.cancel)) } },
            text = { Text(stringResource(R.string.refusal_confirm)) },
        )
    }
}

@Composable
private fun PageStep(page: PageView, vm: FormViewModel, fix: Location?) {
    // The camera's launcher lives here, not in a list item that may scroll away while it is open.
    val takePhoto = rememberCamera { questionId, path -> vm.attachPhoto(questionId, path, fix?.toPhotoFix()) }
    LazyColumn(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(16.dp)) {
        item {
            Text(page.title.shown(), style = MaterialTheme.typography.headlineSmall)
            Text(
                stringResource(
                    R.string.page_progress, page.number.toInt(), page.count.toInt(),
                    page.progress.answered.toInt(), page.progress.required.toInt(),
                ),
            )
        }
        items(page.questions, key = { it.id }) { question -> QuestionInput(question, vm, fix, takePhoto) }
        item {
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                if (page.canGoBack) {
                    Column(Modifier.weight(1f)) { BigButton(stringResource(R.string.previous), vm::back, outlined = true) }
                }
                Column(Modifier.weight(1f)) { BigButton(stringResource(R.string.next), vm::next) }
            }
        }
        item { BigButton(stringResource(R.string.to_summary), { vm.jump(SUMMARY) }, outlined = true) }
    }
}

@Composable
private fun SummaryStep(summary: SummaryView, vm: FormViewModel, onDone: () -> Unit) {
    var confirmed by remember { mutableStateOf(false) }
    LazyColumn(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        item { Text(summary.title.shown(), style = MaterialTheme.typography.headlineSmall) }
        summary.assessment?.let { item { AssessmentCard(it) } }
        items(summary.criteria, key = { it.id }) { CriterionCard(it, vm) }
        items(summary.blocking) { Text("• " + it.text.shown(), color = MaterialTheme.colorScheme.error) }
        item {
            Row(verticalAlignment = Alignment.CenterVertically) {
                Checkbox(confirmed, { confirmed = it })
                Text(stringResource(R.string.sign_off_statement))
            }
        }
        item { BigButton(stringResource(R.string.finish), { vm.finish(confirmed) }, enabled = summary.blocking.isEmpty()) }
        item { BigButton(stringResource(R.string.back_to_pages), vm::back, outlined = true) }
        item { BigButton(stringResource(R.string.discard_draft), { vm.discard(onDone) }, outlined = true) }
    }
}

/** The section id that jumps to the summary. */
private const val SUMMARY = "summary"
