// Sync as the sync screen and the background worker need it: the network the phone is on and
// the user's Wi-Fi-only switch become the core's settings, the core's listener calls (made on
// the sync's Rust thread) are handed to the caller's executor, the handle is held until the end
// (dropping it would cancel the sync), and when the last sync ended is kept for the home screen.
package id.pandu.gateway

import id.pandu.core.OutboxEntry
import id.pandu.core.Receipt
import id.pandu.core.SyncHandle
import id.pandu.core.SyncListener
import id.pandu.core.SyncOutcome
import id.pandu.core.SyncProgress
import id.pandu.core.SyncReport
import id.pandu.core.SyncSettings
import java.io.File
import java.time.Instant

/** The network a sync runs on, and the user's choice about photos. */
data class SyncNetwork(
    /** The phone is on mobile data (a metered network). */
    val metered: Boolean,
    /** Photos wait for Wi-Fi (the user's switch); records are sent on any network. */
    val photosOnWifiOnly: Boolean,
) {
    /** The core's settings for this network. */
    internal fun settings() = SyncSettings(metered = metered, mediaOnMetered = !photosOnWifiOnly)
}

/** Hears a sync, on the caller's executor. */
interface SyncEvents {
    /** The sync moved on (the first call is its state at the start). */
    fun progress(progress: SyncProgress)

    /** The sync ended; the last call. */
    fun finished(report: SyncReport)
}

/** When the last sync ended and how. */
data class LastSync(val at: Instant, val outcome: SyncOutcome)

/** What the sync screen lists besides the progress. */
data class SyncOverview(
    /** Every finished record with where it stands, oldest first. */
    val outbox: List<OutboxEntry>,
    /** The records the office refused or found in conflict, with its reasons. */
    val setAside: List<OutboxEntry>,
    /** The office's verified receipts. */
    val receipts: List<Receipt>,
    /** The last sync, if one ran on this phone. */
    val lastSync: LastSync?,
)

/** A running sync: cancel it, or ask whether it ended. */
class SyncControl internal constructor(private val handle: SyncHandle) {
    /** Ask the sync to stop at its next safe point; it then finishes as cancelled. */
    fun cancel() = handle.cancel()

    /** True once the sync ended. */
    val isFinished: Boolean get() = handle.isFinished()
}

/** The core's listener: keeps the last sync, then hops each call to the caller's executor. */
internal class HoppingListener(
    private val calls: CallRunner,
    private val memory: LastSyncFile,
    private val events: SyncEvents,
) : SyncListener {
    /** The handle, held here until the end so it is not dropped (which would cancel the sync). */
    @Volatile var handle: SyncHandle? = null

    override fun onProgress(progress: SyncProgress) = calls.post { events.progress(progress) }

    override fun onFinished(report: SyncReport) {
        // A full disk must not keep the screen from hearing the end: the note is only a hint.
        runCatching { memory.save(LastSync(Instant.now(), report.outcome)) }
        handle = null
        calls.post { events.finished(report) }
    }
}

/** The last sync, kept in a small file in the data folder so it outlives the process. */
internal class LastSyncFile(dataDir: String) {
    private val file = File(dataDir, "last-sync.txt")

    /** Keep [last]. */
    fun save(last: LastSync) = file.writeText("${last.at} ${last.outcome.name}\n")

    /** The last sync kept, or `null` (none yet, or the file is not readable). */
    fun load(): LastSync? {
        val words = file.takeIf { it.isFile }?.readText()?.trim()?.split(" ") ?: return null
        if (words.size != 2) return null
        return runCatching { LastSync(Instant.parse(words[0]), SyncOutcome.valueOf(words[1])) }.getOrNull()
    }
}
