// Words and numbers for values the core gives as codes: sync outcomes and stages, times, sizes.
// Only wording lives here; what a value means is the core's.
package id.pandu.app.ui

import androidx.compose.runtime.Composable
import androidx.compose.ui.res.stringResource
import id.pandu.app.R
import id.pandu.core.SyncOutcome
import id.pandu.core.SyncStage
import java.time.Instant
import java.time.OffsetDateTime
import java.time.ZoneId
import java.time.format.DateTimeFormatter
import java.time.format.FormatStyle

/** A moment in the phone's time zone, short. */
fun formatInstant(at: Instant): String =
    DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withZone(ZoneId.systemDefault()).format(at)

/** A time the core gives as RFC 3339 text, shown like [formatInstant]; text it cannot read is shown as is. */
fun formatTimestamp(text: String): String =
    runCatching { formatInstant(OffsetDateTime.parse(text).toInstant()) }.getOrDefault(text)

/** Bytes as kilobytes or megabytes. */
fun formatBytes(bytes: ULong): String = when {
    bytes >= 1_000_000uL -> "%.1f MB".format(bytes.toDouble() / 1_000_000)
    else -> "%d KB".format((bytes / 1_000uL).toLong())
}

/** How a sync ended, in words. */
@Composable
fun syncOutcomeText(outcome: SyncOutcome): String = stringResource(
    when (outcome) {
        SyncOutcome.COMPLETED -> R.string.outcome_completed
        SyncOutcome.CANCELLED -> R.string.outcome_cancelled
        SyncOutcome.NETWORK -> R.string.outcome_network
        SyncOutcome.SIGNED_OUT -> R.string.outcome_signed_out
        SyncOutcome.REFUSED -> R.string.outcome_refused
        SyncOutcome.FAILED -> R.string.outcome_failed
    },
)

/** The part of a sync in progress, in words. */
@Composable
fun syncStageText(stage: SyncStage): String = stringResource(
    when (stage) {
        SyncStage.STARTING -> R.string.stage_starting
        SyncStage.PULL -> R.string.stage_pull
        SyncStage.RECORDS -> R.string.stage_records
        SyncStage.MEDIA -> R.string.stage_media
        SyncStage.ARCHIVE -> R.string.stage_archive
    },
)
