// Household search: a name, NIK or KK number typed once; the core decides what matches and the
// screen lists the families it returns.
package id.pandu.app.screens

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.text.KeyboardActions
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.unit.dp
import androidx.lifecycle.ViewModel
import id.pandu.app.R
import id.pandu.app.ui.FailureActions
import id.pandu.app.ui.Loadable
import id.pandu.app.ui.LoadableContent
import id.pandu.app.ui.ScreenFrame
import id.pandu.app.ui.SecureWindow
import id.pandu.core.HouseholdHit
import id.pandu.core.HouseholdQuery
import id.pandu.gateway.Gateway

/** The search screen's state. */
class SearchViewModel(private val gateway: Gateway) : ViewModel() {
    var text by mutableStateOf("")
    var results by mutableStateOf<Loadable<List<HouseholdHit>>>(Loadable.Ready(emptyList()))
        private set

    /** Search for [text]: sixteen digits are a member's NIK, anything else name words. */
    fun search() {
        results = Loadable.Loading
        val typed = text.trim()
        val isNik = typed.length == 16 && typed.all(Char::isDigit)
        val query = if (isNik) HouseholdQuery(nik = typed) else HouseholdQuery(text = typed)
        gateway.search(query) { results = Loadable.of(it) }
    }
}

/** The search screen. */
@Composable
fun SearchScreen(vm: SearchViewModel, onOpen: (String) -> Unit, onSignIn: () -> Unit, onBack: () -> Unit) {
    SecureWindow()
    ScreenFrame(stringResource(R.string.search_households), onBack) { padding ->
        Column(Modifier.padding(padding).padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
            OutlinedTextField(
                vm.text, { vm.text = it }, Modifier.fillMaxWidth(),
                label = { Text(stringResource(R.string.search_hint)) },
                singleLine = true,
                keyboardOptions = KeyboardOptions(imeAction = ImeAction.Search),
                keyboardActions = KeyboardActions(onSearch = { vm.search() }),
            )
            LoadableContent(vm.results, FailureActions(vm::search, onSignIn)) { hits ->
                LazyColumn(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                    items(hits, key = { it.householdId }) { hit -> HitCard(hit) { onOpen(hit.householdId) } }
                }
            }
        }
    }
}

@Composable
private fun HitCard(hit: HouseholdHit, onOpen: () -> Unit) {
    Card(Modifier.fillMaxWidth().heightIn(min = 64.dp).clickable(onClick = onOpen)) {
        Column(Modifier.padding(16.dp)) {
            Text(hit.headName ?: "-", style = MaterialTheme.typography.titleSmall)
            hit.matchedName?.takeIf { it != hit.headName }?.let { Text(stringResource(R.string.matched_member, it)) }
            Text(stringResource(R.string.address_rt_rw, hit.address, hit.rt.toInt(), hit.rw.toInt()))
        }
    }
}
