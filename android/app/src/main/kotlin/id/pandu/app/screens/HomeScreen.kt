// The home screen: who is signed in, the office's tasks, unfinished visits and reports to resume,
// the office's outcomes on the user's records, the outbox counts and the last sync, and the ways on (search, a new RT/RW report, sync). With no account (or a
// revoked one) it sends the user to sign in.
package id.pandu.app.screens

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.ViewModel
import id.pandu.app.R
import id.pandu.app.ui.BigButton
import id.pandu.app.ui.FailureActions
import id.pandu.app.ui.Loadable
import id.pandu.app.ui.LoadableContent
import id.pandu.app.ui.ScreenFrame
import id.pandu.app.ui.formatInstant
import id.pandu.app.ui.formatTimestamp
import id.pandu.app.ui.shown
import id.pandu.app.ui.syncOutcomeText
import id.pandu.core.DraftRow
import id.pandu.core.FormKind
import id.pandu.core.OutcomeRow
import id.pandu.core.TaskRow
import id.pandu.gateway.Gateway
import id.pandu.gateway.HomeView

/** The home screen's state. */
class HomeViewModel(private val gateway: Gateway) : ViewModel() {
    var state by mutableStateOf<Loadable<HomeView>>(Loadable.Loading)
        private set

    /** Load (again) from the core. */
    fun load() {
        gateway.home { state = Loadable.of(it) }
    }
}

/** Where the home screen leads. */
class HomeRoutes(
    val signIn: () -> Unit,
    val search: () -> Unit,
    val newReport: () -> Unit,
    val resume: (String) -> Unit,
    val household: (String) -> Unit,
    val sync: () -> Unit,
)

/** The home screen. */
@Composable
fun HomeScreen(vm: HomeViewModel, routes: HomeRoutes) {
    LaunchedEffect(Unit) { vm.load() }
    ScreenFrame(stringResource(R.string.app_name), onBack = null) { padding ->
        LoadableContent(vm.state, FailureActions(vm::load, routes.signIn), Modifier.padding(padding)) { home ->
            if (home.account?.signedIn == true) {
                HomeList(home, routes)
            } else {
                LaunchedEffect(home) { routes.signIn() }
            }
        }
    }
}

@Composable
private fun HomeList(home: HomeView, routes: HomeRoutes) {
    LazyColumn(Modifier.padding(horizontal = 16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        item { Summary(home) }
        item { BigButton(stringResource(R.string.search_households), routes.search) }
        item { BigButton(stringResource(R.string.new_report), routes.newReport, outlined = true) }
        item { BigButton(stringResource(R.string.sync), routes.sync, outlined = true) }
        if (home.tasks.isNotEmpty()) {
            item { Text(stringResource(R.string.office_tasks), style = MaterialTheme.typography.titleMedium) }
            items(home.tasks, key = { "task-${it.seq}" }) { task -> TaskCard(task, routes) }
        }
        item { Text(stringResource(R.string.drafts), style = MaterialTheme.typography.titleMedium) }
        if (home.drafts.isEmpty()) item { Text(stringResource(R.string.no_drafts)) }
        items(home.drafts, key = { it.draftId }) { draft -> DraftCard(draft) { routes.resume(draft.draftId) } }
        if (home.outcomes.isNotEmpty()) {
            item { Text(stringResource(R.string.office_outcomes), style = MaterialTheme.typography.titleMedium) }
            items(home.outcomes, key = { "outcome-${it.seq}" }) { OutcomeCard(it) }
        }
    }
}

@Composable
private fun Summary(home: HomeView) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp)) {
            home.account?.let { Text(stringResource(R.string.signed_in_as, it.username, it.serverUrl)) }
            val outbox = home.outbox
            Text(stringResource(R.string.outbox_counts, outbox.toSend, outbox.waitingForMedia, outbox.setAside, outbox.sent))
            Text(
                home.lastSync?.let { stringResource(R.string.last_sync, formatInstant(it.at), syncOutcomeText(it.outcome)) }
                    ?: stringResource(R.string.never_synced),
            )
        }
    }
}

@Composable
private fun DraftCard(draft: DraftRow, onOpen: () -> Unit) {
    Card(Modifier.fillMaxWidth().heightIn(min = 64.dp).clickable(onClick = onOpen)) {
        Column(Modifier.padding(16.dp)) {
            val kind = if (draft.kind == FormKind.VISIT) R.string.visit else R.string.report
            Text(stringResource(kind), style = MaterialTheme.typography.titleSmall)
            Text(draft.householdName ?: stringResource(R.string.family_not_in_registry))
            Text(stringResource(R.string.saved_at, draft.updatedAt), style = MaterialTheme.typography.bodySmall)
        }
    }
}

/** A task from the office; a task naming a family opens its page (where the visit starts). */
@Composable
private fun TaskCard(task: TaskRow, routes: HomeRoutes) {
    val open = task.householdId?.let { id -> { routes.household(id) } } ?: routes.newReport
    Card(Modifier.fillMaxWidth().heightIn(min = 64.dp).clickable(onClick = open)) {
        Column(Modifier.padding(16.dp)) {
            Text(task.title.shown(), style = MaterialTheme.typography.titleSmall)
            Text(task.householdName ?: stringResource(R.string.family_not_in_registry))
            task.note?.let { Text(it) }
            Text(stringResource(R.string.received_at, formatTimestamp(task.receivedAt)), style = MaterialTheme.typography.bodySmall)
        }
    }
}

/** The office's outcome on one of the user's records. */
@Composable
private fun OutcomeCard(outcome: OutcomeRow) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp)) {
            Text(outcome.title.shown(), style = MaterialTheme.typography.titleSmall)
            outcome.documentNumber?.let { number ->
                Text(stringResource(R.string.document_valid_until, number, outcome.validUntil.orEmpty()))
            }
            outcome.reason?.let { Text(it) }
            Text(formatTimestamp(outcome.decidedAt), style = MaterialTheme.typography.bodySmall)
        }
    }
}
