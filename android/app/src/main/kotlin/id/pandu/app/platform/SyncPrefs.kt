// The user's two network choices (the sync screen's switches), kept in private preferences:
// photos only on Wi-Fi, and background sync only on Wi-Fi.
package id.pandu.app.platform

import android.content.Context
import android.net.ConnectivityManager
import androidx.core.content.edit
import id.pandu.gateway.SyncNetwork

/** Reads and writes the sync choices. */
class SyncPrefs(private val context: Context) {
    private val prefs = context.getSharedPreferences("sync", Context.MODE_PRIVATE)

    /** Photos wait for Wi-Fi (default on: mobile data is dear). */
    var photosOnWifiOnly: Boolean
        get() = prefs.getBoolean(PHOTOS_WIFI, true)
        set(value) = prefs.edit { putBoolean(PHOTOS_WIFI, value) }

    /** Background sync runs only on Wi-Fi (default off: records are small). */
    var backgroundOnWifiOnly: Boolean
        get() = prefs.getBoolean(BACKGROUND_WIFI, false)
        set(value) = prefs.edit { putBoolean(BACKGROUND_WIFI, value) }

    /** The network the phone is on now, with the photo choice. */
    fun currentNetwork(): SyncNetwork {
        val connectivity = context.getSystemService(ConnectivityManager::class.java)
        return SyncNetwork(metered = connectivity.isActiveNetworkMetered, photosOnWifiOnly = photosOnWifiOnly)
    }

    private companion object {
        const val PHOTOS_WIFI = "photos_on_wifi_only"
        const val BACKGROUND_WIFI = "background_on_wifi_only"
    }
}
