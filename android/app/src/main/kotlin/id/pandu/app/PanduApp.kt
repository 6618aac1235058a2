// The process: opens the one gateway (the core, with the keystore-wrapped data key) at start,
// answering on the main thread, and sets up the background sync and its notification channel.
package id.pandu.app

import android.app.Application
import androidx.core.content.ContextCompat
import id.pandu.app.platform.BackgroundSync
import id.pandu.app.platform.DataKey
import id.pandu.gateway.Failure
import id.pandu.gateway.Gateway
import id.pandu.gateway.Outcome
import java.io.File
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.filterNotNull
import kotlinx.coroutines.flow.first

/** The application: holds the gateway for every screen and the background worker. */
class PanduApp : Application() {
    /** The gateway once opened (or why it did not open). */
    val gateway = GatewayHolder()

    override fun onCreate() {
        super.onCreate()
        gateway.open(this)
        BackgroundSync.createChannel(this)
        BackgroundSync.schedule(this)
    }
}

/** The gateway's opening, observable by the activity and awaitable by the worker. */
class GatewayHolder {
    private val state = MutableStateFlow<Outcome<Gateway>?>(null)

    /** `null` while opening, then the outcome. */
    val opened: StateFlow<Outcome<Gateway>?> = state

    /** Open the core in the app's private `pandu` folder with the data key. */
    fun open(app: Application) {
        val key = try {
            DataKey.load(app)
        } catch (e: Exception) {
            state.value = Outcome.Failed(Failure.of(e))
            return
        }
        val dir = File(app.filesDir, "pandu").path
        Gateway.open(dir, key, ContextCompat.getMainExecutor(app), { state.value = it })
    }

    /** Wait for the opening to end. */
    suspend fun await(): Outcome<Gateway> = state.filterNotNull().first()
}
