// The phone's camera and GPS, for the visit screen only: the camera app writes each photo into
// the app's private `camera` folder through a FileProvider URI (never the gallery), and location
// updates run only while the visit screen is shown.
package id.pandu.app.platform

import android.Manifest
import android.annotation.SuppressLint
import android.content.Context
import android.content.pm.PackageManager
import android.location.Location
import android.location.LocationListener
import android.location.LocationManager
import android.net.Uri
import android.os.Build
import android.os.Bundle
import android.os.Looper
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.platform.LocalContext
import androidx.core.content.ContextCompat
import androidx.core.content.FileProvider
import id.pandu.core.GpsPoint
import id.pandu.core.PhotoFix
import java.io.File
import java.time.Instant
import java.util.UUID

/** A new file for the camera to write, in the app's private `camera` folder. */
fun newCameraFile(context: Context): File =
    File(context.filesDir, "camera").apply { mkdirs() }.let { File(it, "${UUID.randomUUID()}.jpg") }

/** The URI the camera app may write [file] through (for this one call). */
fun cameraUri(context: Context, file: File): Uri =
    FileProvider.getUriForFile(context, "${context.packageName}.files", file)

/**
 * A function that opens the camera for a question; [onTaken] hears the question and the file's
 * path once the camera saved it (a cancelled capture deletes the empty file). The pending
 * question and file survive the activity being recreated while the camera is open.
 */
@Composable
fun rememberCamera(onTaken: (questionId: String, path: String) -> Unit): (String) -> Unit {
    val context = LocalContext.current
    var pending by rememberSaveable { mutableStateOf<String?>(null) }
    val launcher = rememberLauncherForActivityResult(ActivityResultContracts.TakePicture()) { saved ->
        val (questionId, path) = pending?.split('\n', limit = 2) ?: return@rememberLauncherForActivityResult
        pending = null
        if (saved) onTaken(questionId, path) else File(path).delete()
    }
    return { questionId ->
        val file = newCameraFile(context)
        pending = "$questionId\n${file.path}"
        launcher.launch(cameraUri(context, file))
    }
}

/** The latest GPS fix while started. Implements every listener method: on Android 8–10 the
 *  platform interface has no default bodies, and a missing one would crash when called. */
class FixTracker(private val context: Context) : LocationListener {
    /** The latest fix, or `null` before the first. */
    var fix by mutableStateOf<Location?>(null)
        private set

    private val manager = context.getSystemService(LocationManager::class.java)

    /** Start listening, if the user allowed precise location. */
    @SuppressLint("MissingPermission") // checked on the line before
    fun start() {
        val granted = ContextCompat.checkSelfPermission(context, Manifest.permission.ACCESS_FINE_LOCATION) ==
            PackageManager.PERMISSION_GRANTED
        if (!granted) return
        manager.requestLocationUpdates(LocationManager.GPS_PROVIDER, 2_000L, 0f, this, Looper.getMainLooper())
    }

    /** Stop listening. */
    fun stop() = manager.removeUpdates(this)

    override fun onLocationChanged(location: Location) {
        fix = location
    }

    @Deprecated("Deprecated in Java")
    override fun onStatusChanged(provider: String?, status: Int, extras: Bundle?) = Unit
    override fun onProviderEnabled(provider: String) = Unit
    override fun onProviderDisabled(provider: String) = Unit
}

/** GPS fixes while the calling screen is shown (asking for permission the first time). */
@Composable
fun rememberFixWhileShown(): FixTracker {
    val context = LocalContext.current
    val tracker = remember { FixTracker(context) }
    val ask = rememberLauncherForActivityResult(ActivityResultContracts.RequestMultiplePermissions()) {
        tracker.start()
    }
    DisposableEffect(tracker) {
        ask.launch(arrayOf(Manifest.permission.ACCESS_FINE_LOCATION, Manifest.permission.ACCESS_COARSE_LOCATION))
        onDispose { tracker.stop() }
    }
    return tracker
}

/** The platform said the fix is from a mock provider. */
private fun Location.mocked(): Boolean =
    if (Build.VERSION.SDK_INT >= 31) isMock else @Suppress("DEPRECATION") isFromMockProvider

/** A fix as the house's position (a geopoint answer). */
fun Location.toGpsPoint() = GpsPoint(latitude, longitude, accuracy.toDouble(), mocked())

/** A fix as the phone's position when a photo was taken. */
fun Location.toPhotoFix() = PhotoFix(latitude, longitude, accuracy.toDouble(), mocked(), Instant.ofEpochMilli(time))
