// The household page: registry status (PPLS 2011, KPS) and the family's card or emergency letter
// (valid, expired or revoked) in the core's words, the members with
// masked NIKs, earlier visits and reports, and the buttons to visit (or resume the open visit)
// and to report.
package id.pandu.app.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
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
import id.pandu.app.ui.SecureWindow
import id.pandu.app.ui.shown
import id.pandu.core.HistoryRow
import id.pandu.core.EntitlementState
import id.pandu.core.HouseholdPage
import id.pandu.core.RecordKind
import id.pandu.gateway.Gateway

/** The household page's state. */
class HouseholdViewModel(private val gateway: Gateway, private val householdId: String) : ViewModel() {
    var state by mutableStateOf<Loadable<HouseholdPage>>(Loadable.Loading)
        private set

    /** Load (again) from the core. */
    fun load() {
        gateway.householdPage(householdId) { state = Loadable.of(it) }
    }
}

/** Where the household page leads. */
class HouseholdRoutes(
    val visit: (String) -> Unit,
    val resume: (String) -> Unit,
    val report: (String) -> Unit,
    val signIn: () -> Unit,
    val back: () -> Unit,
)

/** The household page. */
@Composable
fun HouseholdScreen(vm: HouseholdViewModel, routes: HouseholdRoutes) {
    SecureWindow()
    LaunchedEffect(Unit) { vm.load() }
    ScreenFrame(stringResource(R.string.household), routes.back) { padding ->
        LoadableContent(vm.state, FailureActions(vm::load, routes.signIn), Modifier.padding(padding)) { page ->
            LazyColumn(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
                item { Text(page.headName ?: "-", style = MaterialTheme.typography.headlineSmall) }
                item { Text(page.addressLine) }
                item { Text(page.registry.shown(), style = MaterialTheme.typography.titleSmall) }
                page.entitlement?.let { entitlement ->
                    item {
                        val valid = entitlement.state == EntitlementState.VALID
                        val color = if (valid) MaterialTheme.colorScheme.primary else MaterialTheme.colorScheme.error
                        Text(entitlement.text.shown(), style = MaterialTheme.typography.titleSmall, color = color)
                    }
                }
                item {
                    val draft = page.openDraft
                    if (draft != null) {
                        BigButton(stringResource(R.string.resume_visit), { routes.resume(draft) })
                    } else {
                        BigButton(stringResource(R.string.start_visit), { routes.visit(page.householdId) })
                    }
                }
                item { BigButton(stringResource(R.string.new_report), { routes.report(page.householdId) }, outlined = true) }
                item { Text(stringResource(R.string.members), style = MaterialTheme.typography.titleMedium) }
                items(page.members) { m ->
                    val age = m.age?.let { stringResource(R.string.age_years, it.toInt()) } ?: ""
                    Text("${m.name} · ${m.relation.shown()} · ${m.nikMasked ?: "-"} $age")
                }
                item { Text(stringResource(R.string.history), style = MaterialTheme.typography.titleMedium) }
                if (page.history.isEmpty()) item { Text(stringResource(R.string.no_history)) }
                items(page.history, key = { it.recordId }) { HistoryLine(it) }
            }
        }
    }
}

@Composable
private fun HistoryLine(row: HistoryRow) {
    val kind = when (row.kind) {
        RecordKind.VISIT -> R.string.visit
        RecordKind.VISIT_REFUSED -> R.string.visit_refused
        RecordKind.REPORT -> R.string.report
    }
    val met = row.criteriaMet
    val needed = row.criteriaNeeded
    val score = if (met != null && needed != null) {
        stringResource(R.string.criteria_met_of, met.toInt(), needed.toInt())
    } else {
        ""
    }
    Text("${row.date} · ${stringResource(kind)} $score")
}
