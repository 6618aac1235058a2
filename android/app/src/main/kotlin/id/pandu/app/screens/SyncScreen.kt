// The sync screen: start or cancel a sync and watch its progress, the two network switches
// (photos only on Wi-Fi; background sync only on Wi-Fi), the records the office set aside with
// its reasons, what still waits to be sent, and the office's receipts.
package id.pandu.app.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.material3.Card
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.ViewModel
import id.pandu.app.R
import id.pandu.app.platform.BackgroundSync
import id.pandu.app.platform.SyncPrefs
import id.pandu.app.ui.BigButton
import id.pandu.app.ui.FailureActions
import id.pandu.app.ui.FailureCard
import id.pandu.app.ui.Loadable
import id.pandu.app.ui.LoadableContent
import id.pandu.app.ui.ScreenFrame
import id.pandu.app.ui.formatBytes
import id.pandu.app.ui.shown
import id.pandu.app.ui.syncOutcomeText
import id.pandu.app.ui.syncStageText
import id.pandu.core.OutboxEntry
import id.pandu.core.OutboxState
import id.pandu.core.SyncProgress
import id.pandu.core.SyncReport
import id.pandu.gateway.Failure
import id.pandu.gateway.Gateway
import id.pandu.gateway.Outcome
import id.pandu.gateway.SyncControl
import id.pandu.gateway.SyncEvents
import id.pandu.gateway.SyncOverview

/** The sync screen's state. */
class SyncViewModel(private val gateway: Gateway, private val prefs: SyncPrefs) : ViewModel(), SyncEvents {
    var overview by mutableStateOf<Loadable<SyncOverview>>(Loadable.Loading)
        private set
    var progress by mutableStateOf<SyncProgress?>(null)
        private set
    var report by mutableStateOf<SyncReport?>(null)
        private set
    var failure by mutableStateOf<Failure?>(null)
        private set
    var photosOnWifiOnly by mutableStateOf(prefs.photosOnWifiOnly)
        private set
    var backgroundOnWifiOnly by mutableStateOf(prefs.backgroundOnWifiOnly)
        private set
    private var control by mutableStateOf<SyncControl?>(null)

    /** A sync started here is running. */
    val running: Boolean get() = control != null

    /** Load the lists (again). */
    fun load() {
        gateway.syncOverview { overview = Loadable.of(it) }
    }

    /** Start a sync on the network the phone is on now. */
    fun start() {
        report = null
        failure = null
        gateway.startSync(prefs.currentNetwork(), this) { outcome ->
            when (outcome) {
                is Outcome.Done -> control = outcome.value
                is Outcome.Failed -> failure = outcome.failure
            }
        }
    }

    /** Ask the running sync to stop. */
    fun cancel() {
        control?.cancel()
    }

    /** Keep the photo switch. */
    fun setPhotosOnWifiOnly(on: Boolean) {
        prefs.photosOnWifiOnly = on
        photosOnWifiOnly = on
    }

    /** Keep the background switch; [reschedule] puts the background work on the new network. */
    fun setBackgroundOnWifiOnly(on: Boolean, reschedule: () -> Unit) {
        prefs.backgroundOnWifiOnly = on
        backgroundOnWifiOnly = on
        reschedule()
    }

    override fun progress(progress: SyncProgress) {
        this.progress = progress
    }

    override fun finished(report: SyncReport) {
        this.report = report
        control = null
        load()
    }

    override fun onCleared() {
        control?.cancel()
    }
}

/** The sync screen. */
@Composable
fun SyncScreen(vm: SyncViewModel, onSignIn: () -> Unit, onBack: () -> Unit) {
    LaunchedEffect(Unit) { vm.load() }
    val context = LocalContext.current
    ScreenFrame(stringResource(R.string.sync), onBack) { padding ->
        LazyColumn(Modifier.padding(padding).padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
            item { SwitchRow(stringResource(R.string.photos_wifi_only), vm.photosOnWifiOnly, vm::setPhotosOnWifiOnly) }
            item {
                SwitchRow(stringResource(R.string.background_wifi_only), vm.backgroundOnWifiOnly) {
                    vm.setBackgroundOnWifiOnly(it) { BackgroundSync.schedule(context) }
                }
            }
            item { Controls(vm) }
            vm.failure?.let { item { FailureCard(it, FailureActions(vm::start, onSignIn)) } }
            vm.report?.let { item { ReportCard(it) } }
            item {
                LoadableContent(vm.overview, FailureActions(vm::load, onSignIn)) { overview ->
                    Lists(overview)
                }
            }
        }
    }
}

@Composable
private fun SwitchRow(label: String, on: Boolean, onChange: (Boolean) -> Unit) {
    Row(Modifier.fillMaxWidth().heightIn(min = 56.dp), verticalAlignment = Alignment.CenterVertically) {
        Text(label, Modifier.weight(1f))
        Switch(on, onChange)
    }
}

@Composable
private fun Controls(vm: SyncViewModel) {
    Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
        if (vm.running) {
            vm.progress?.let { p ->
                Text(syncStageText(p.stage))
                if (p.itemsTotal > 0uL) {
                    LinearProgressIndicator(
                        progress = { p.itemsDone.toFloat() / p.itemsTotal.toFloat() },
                        modifier = Modifier.fillMaxWidth(),
                    )
                }
                Text(stringResource(R.string.sync_items, p.itemsDone.toLong(), p.itemsTotal.toLong(), formatBytes(p.bytesDone)))
            }
            BigButton(stringResource(R.string.cancel_sync), vm::cancel, outlined = true)
        } else {
            BigButton(stringResource(R.string.sync_now), vm::start)
        }
    }
}

@Composable
private fun ReportCard(report: SyncReport) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp)) {
            Text(syncOutcomeText(report.outcome), style = MaterialTheme.typography.titleSmall)
            report.message?.let { Text(it.shown()) }
            Text(stringResource(R.string.sync_result, report.sent.toLong(), report.photosSent.toLong(), report.setAside.toLong()))
            if (report.mediaDeferred) Text(stringResource(R.string.photos_wait_for_wifi))
        }
    }
}

@Composable
private fun Lists(overview: SyncOverview) {
    Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
        Text(stringResource(R.string.set_aside), style = MaterialTheme.typography.titleMedium)
        if (overview.setAside.isEmpty()) Text(stringResource(R.string.none))
        overview.setAside.forEach { SetAsideCard(it) }
        Text(stringResource(R.string.waiting), style = MaterialTheme.typography.titleMedium)
        val waiting = overview.outbox.filter { it.state == OutboxState.PENDING || it.state == OutboxState.WAITING_MEDIA }
        if (waiting.isEmpty()) Text(stringResource(R.string.none))
        waiting.forEach { Text("${it.finishedAt} · ${stateText(it.state)}") }
        Text(stringResource(R.string.receipts_count, overview.receipts.size), style = MaterialTheme.typography.titleMedium)
        overview.receipts.forEach { Text("${it.acceptedAt} · ${it.recordId.take(8)}… · ${it.keyId}") }
    }
}

@Composable
private fun SetAsideCard(entry: OutboxEntry) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp)) {
            Text("${entry.finishedAt} · ${stateText(entry.state)}", style = MaterialTheme.typography.titleSmall)
            entry.problems.forEach { Text("• " + it.text.shown()) }
        }
    }
}

@Composable
private fun stateText(state: OutboxState): String = stringResource(
    when (state) {
        OutboxState.PENDING -> R.string.state_pending
        OutboxState.WAITING_MEDIA -> R.string.state_waiting_media
        OutboxState.REJECTED -> R.string.state_rejected
        OutboxState.CONFLICT -> R.string.state_conflict
        OutboxState.DONE -> R.string.state_done
    },
)
