// Sync in the background: WorkManager runs SyncWorker every few hours when the network the user
// chose is there, and a notification tells of a sync that failed for a reason the user must act
// on (signed out, refused, storage); a missing network is simply tried again later.
package id.pandu.app.platform

import android.Manifest
import android.app.NotificationChannel
import android.app.NotificationManager
import android.content.Context
import android.content.pm.PackageManager
import android.os.Build
import androidx.core.app.NotificationCompat
import androidx.core.app.NotificationManagerCompat
import androidx.core.content.ContextCompat
import androidx.work.Constraints
import androidx.work.CoroutineWorker
import androidx.work.ExistingPeriodicWorkPolicy
import androidx.work.NetworkType
import androidx.work.PeriodicWorkRequestBuilder
import androidx.work.WorkManager
import androidx.work.WorkerParameters
import id.pandu.app.PanduApp
import id.pandu.app.R
import id.pandu.app.ui.localText
import id.pandu.core.SyncOutcome
import id.pandu.core.SyncProgress
import id.pandu.core.SyncReport
import id.pandu.gateway.Gateway
import id.pandu.gateway.Outcome
import id.pandu.gateway.SyncEvents
import id.pandu.gateway.SyncNetwork
import java.util.concurrent.TimeUnit
import kotlin.coroutines.resume
import kotlinx.coroutines.suspendCancellableCoroutine

/** Schedules the background sync on the chosen network. */
object BackgroundSync {
    private const val WORK = "pandu-sync"
    private const val CHANNEL = "sync"
    private const val NOTIFICATION = 1

    /** (Re)schedule the periodic sync for the current choices. */
    fun schedule(context: Context) {
        val network = if (SyncPrefs(context).backgroundOnWifiOnly) NetworkType.UNMETERED else NetworkType.CONNECTED
        val request = PeriodicWorkRequestBuilder<SyncWorker>(3, TimeUnit.HOURS)
            .setConstraints(Constraints.Builder().setRequiredNetworkType(network).build())
            .build()
        WorkManager.getInstance(context)
            .enqueueUniquePeriodicWork(WORK, ExistingPeriodicWorkPolicy.UPDATE, request)
    }

    /** The notification channel for failed syncs (Android 8+). */
    fun createChannel(context: Context) {
        val channel = NotificationChannel(
            CHANNEL,
            context.getString(R.string.sync_channel),
            NotificationManager.IMPORTANCE_DEFAULT,
        )
        context.getSystemService(NotificationManager::class.java).createNotificationChannel(channel)
    }

    /** Tell the user a background sync failed, when notifications are allowed. */
    fun notifyFailure(context: Context, message: String) {
        val allowed = Build.VERSION.SDK_INT < 33 ||
            ContextCompat.checkSelfPermission(context, Manifest.permission.POST_NOTIFICATIONS) ==
            PackageManager.PERMISSION_GRANTED
        if (!allowed) return
        val notification = NotificationCompat.Builder(context, CHANNEL)
            .setSmallIcon(android.R.drawable.stat_notify_error)
            .setContentTitle(context.getString(R.string.sync_failed_title))
            .setContentText(message)
            .setAutoCancel(true)
            .build()
        NotificationManagerCompat.from(context).notify(NOTIFICATION, notification)
    }
}

/** One background sync through the app's gateway. */
class SyncWorker(context: Context, params: WorkerParameters) : CoroutineWorker(context, params) {
    override suspend fun doWork(): Result {
        val opened = (applicationContext as PanduApp).gateway.await()
        val gateway = (opened as? Outcome.Done)?.value ?: return Result.failure()
        return when (val ran = runSync(gateway, SyncPrefs(applicationContext).currentNetwork())) {
            is Outcome.Failed -> Result.retry()
            is Outcome.Done -> resultOf(ran.value)
        }
    }

    private fun resultOf(report: SyncReport): Result = when (report.outcome) {
        SyncOutcome.COMPLETED -> Result.success()
        SyncOutcome.CANCELLED, SyncOutcome.NETWORK -> Result.retry()
        SyncOutcome.SIGNED_OUT, SyncOutcome.REFUSED, SyncOutcome.FAILED -> {
            val message = report.message?.let { localText(it) }
                ?: applicationContext.getString(R.string.sync_failed_title)
            BackgroundSync.notifyFailure(applicationContext, message)
            Result.failure()
        }
    }

    /** Run one sync to its end; stopping the work cancels it. */
    private suspend fun runSync(gateway: Gateway, network: SyncNetwork): Outcome<SyncReport> =
        suspendCancellableCoroutine { continuation ->
            val events = object : SyncEvents {
                override fun progress(progress: SyncProgress) = Unit
                override fun finished(report: SyncReport) {
                    if (continuation.isActive) continuation.resume(Outcome.Done(report))
                }
            }
            gateway.startSync(network, events) { started ->
                when (started) {
                    is Outcome.Failed -> if (continuation.isActive) continuation.resume(started)
                    is Outcome.Done -> if (continuation.isActive) {
                        continuation.invokeOnCancellation { started.value.cancel() }
                    }
                }
            }
        }
}
