// The one activity: waits for the gateway to open, then hosts the screens in a navigation graph.
// Each screen gets its own ViewModel (scoped to its back-stack entry) built with the gateway.
package id.pandu.app

import android.Manifest
import android.os.Build
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.Surface
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import androidx.navigation.NavHostController
import androidx.navigation.NavType
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.compose.rememberNavController
import androidx.navigation.navArgument
import id.pandu.app.platform.SyncPrefs
import id.pandu.app.screens.FormScreen
import id.pandu.app.screens.FormStart
import id.pandu.app.screens.FormViewModel
import id.pandu.app.screens.HomeRoutes
import id.pandu.app.screens.HomeScreen
import id.pandu.app.screens.HomeViewModel
import id.pandu.app.screens.HouseholdRoutes
import id.pandu.app.screens.HouseholdScreen
import id.pandu.app.screens.HouseholdViewModel
import id.pandu.app.screens.SearchScreen
import id.pandu.app.screens.SearchViewModel
import id.pandu.app.screens.SignInScreen
import id.pandu.app.screens.SignInViewModel
import id.pandu.app.screens.SyncScreen
import id.pandu.app.screens.SyncViewModel
import id.pandu.app.ui.FailureActions
import id.pandu.app.ui.FailureCard
import id.pandu.app.ui.PanduTheme
import id.pandu.gateway.Gateway
import id.pandu.gateway.Outcome

/** The app's window. */
class MainActivity : ComponentActivity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        val holder = (application as PanduApp).gateway
        setContent {
            PanduTheme {
                Surface(Modifier.fillMaxSize()) {
                    val opened by holder.opened.collectAsStateWithLifecycle()
                    when (val state = opened) {
                        null -> Box(Modifier.fillMaxSize(), contentAlignment = Alignment.Center) { CircularProgressIndicator() }
                        is Outcome.Failed -> FailureCard(state.failure, FailureActions(retry = {}, signIn = {}))
                        is Outcome.Done -> {
                            AskForNotifications()
                            Screens(state.value)
                        }
                    }
                }
            }
        }
    }
}

/** Ask for the right to tell of failed background syncs (Android 13+; the system stops asking
 *  once the user has declined twice). */
@Composable
private fun AskForNotifications() {
    if (Build.VERSION.SDK_INT < 33) return
    val ask = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) {}
    LaunchedEffect(Unit) { ask.launch(Manifest.permission.POST_NOTIFICATIONS) }
}

/** The navigation graph; routes carry only ids. */
@Composable
private fun Screens(gateway: Gateway) {
    val nav = rememberNavController()
    val signIn = { nav.navigate("signin") { popUpTo(0) } }
    NavHost(nav, startDestination = "home") {
        composable("signin") {
            SignInScreen(viewModel { SignInViewModel(gateway) }) { nav.navigate("home") { popUpTo(0) } }
        }
        composable("home") {
            HomeScreen(viewModel { HomeViewModel(gateway) }, homeRoutes(nav, signIn))
        }
        composable("search") {
            SearchScreen(viewModel { SearchViewModel(gateway) }, { nav.navigate("household/$it") }, signIn, { nav.popBackStack() })
        }
        composable("household/{id}") { entry ->
            val id = entry.arguments?.getString("id").orEmpty()
            HouseholdScreen(viewModel { HouseholdViewModel(gateway, id) }, householdRoutes(nav, signIn))
        }
        composable("visit/{id}") { entry ->
            FormRoute(gateway, FormStart.Visit(entry.arguments?.getString("id").orEmpty()), nav, signIn)
        }
        composable("report?household={id}", listOf(optionalId)) { entry ->
            FormRoute(gateway, FormStart.Report(entry.arguments?.getString("id")), nav, signIn)
        }
        composable("draft/{id}") { entry ->
            FormRoute(gateway, FormStart.Resume(entry.arguments?.getString("id").orEmpty()), nav, signIn)
        }
        composable("sync") {
            val context = LocalContext.current
            SyncScreen(viewModel { SyncViewModel(gateway, SyncPrefs(context.applicationContext)) }, signIn, { nav.popBackStack() })
        }
    }
}

/** The family of a report is optional. */
private val optionalId = navArgument("id") {
    type = NavType.StringType
    nullable = true
    defaultValue = null
}

@Composable
private fun FormRoute(gateway: Gateway, start: FormStart, nav: NavHostController, signIn: () -> Unit) {
    FormScreen(viewModel { FormViewModel(gateway, start) }, signIn) { nav.popBackStack("home", inclusive = false) }
}

private fun homeRoutes(nav: NavHostController, signIn: () -> Unit) = HomeRoutes(
    signIn = signIn,
    search = { nav.navigate("search") },
    newReport = { nav.navigate("report") },
    resume = { nav.navigate("draft/$it") },
    household = { nav.navigate("household/$it") },
    sync = { nav.navigate("sync") },
)

private fun householdRoutes(nav: NavHostController, signIn: () -> Unit) = HouseholdRoutes(
    visit = { nav.navigate("visit/$it") },
    resume = { nav.navigate("draft/$it") },
    household = { nav.navigate("household/$it") },
    report = { nav.navigate("report?household=$it") },
    signIn = signIn,
    back = { nav.popBackStack() },
)
