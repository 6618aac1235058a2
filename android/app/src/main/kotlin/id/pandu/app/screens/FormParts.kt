// The parts of the visit screen: one input per question kind (choices, numbers, text, dates,
// a photo from the camera, a GPS fix with its accuracy, notes), and the summary's assessment and
// criterion cards. Each input sends the typed value to the core, which checks it.
package id.pandu.app.screens

import android.graphics.BitmapFactory
import android.location.Location
import androidx.compose.foundation.Image
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.heightIn
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.selection.toggleable
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.Card
import androidx.compose.material3.Checkbox
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.graphics.asImageBitmap
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import id.pandu.app.R
import id.pandu.app.platform.toGpsPoint
import id.pandu.app.ui.BigButton
import id.pandu.app.ui.shown
import id.pandu.core.Answer
import id.pandu.core.Assessment
import id.pandu.core.ChoiceView
import id.pandu.core.CriterionView
import id.pandu.core.QuestionKind
import id.pandu.core.QuestionView
import id.pandu.gateway.Outcome

/** One question: its label and hint, then the input its kind takes ([takePhoto] starts the camera for a question). */
@Composable
fun QuestionInput(q: QuestionView, vm: FormViewModel, fix: Location?, takePhoto: (String) -> Unit) {
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        val marker = if (q.required) " *" else ""
        val color = if (q.missing) MaterialTheme.colorScheme.error else MaterialTheme.colorScheme.onSurface
        Text(q.label.shown() + marker, style = MaterialTheme.typography.titleSmall, color = color)
        q.hint?.let { Text(it.shown(), style = MaterialTheme.typography.bodySmall) }
        when (q.kind) {
            QuestionKind.SELECT_ONE -> q.choices.forEach { c -> ChoiceRow(c, single = true) { vm.answer(q.id, Answer.Choice(c.value)) } }
            QuestionKind.SELECT_MANY -> q.choices.forEach { c -> ChoiceRow(c, single = false) { vm.answer(q.id, toggled(q, c)) } }
            QuestionKind.INTEGER -> TypedInput(q, vm, KeyboardType.Number) { it.toLongOrNull()?.let { n -> Answer.Integer(n) } }
            QuestionKind.DECIMAL -> TypedInput(q, vm, KeyboardType.Decimal) {
                it.replace(',', '.').toDoubleOrNull()?.let { n -> Answer.Decimal(n) }
            }
            QuestionKind.TEXT -> TypedInput(q, vm, KeyboardType.Text) { Answer.Text(it) }
            QuestionKind.DATE -> TypedInput(q, vm, KeyboardType.Number) { Answer.Date(it) }
            QuestionKind.PHOTO -> PhotoInput(q, vm, takePhoto)
            QuestionKind.GEOPOINT -> PointInput(q, vm, fix)
            QuestionKind.NOTE -> Unit
        }
    }
}

/** The selection with [choice] switched, as a select-many answer (`null` when none is left). */
private fun toggled(q: QuestionView, choice: ChoiceView): Answer? {
    val chosen = q.choices.filter { it.selected }.map { it.value }.toMutableSet()
    if (!chosen.remove(choice.value)) chosen += choice.value
    return if (chosen.isEmpty()) null else Answer.Choices(q.choices.map { it.value }.filter { it in chosen })
}

@Composable
private fun ChoiceRow(choice: ChoiceView, single: Boolean, onClick: () -> Unit) {
    val row = Modifier.fillMaxWidth().heightIn(min = 56.dp)
    val clickable = if (single) {
        row.selectable(choice.selected, onClick = onClick, role = Role.RadioButton)
    } else {
        row.toggleable(choice.selected, onValueChange = { onClick() }, role = Role.Checkbox)
    }
    Row(clickable, verticalAlignment = Alignment.CenterVertically) {
        if (single) RadioButton(choice.selected, onClick = null) else Checkbox(choice.selected, onCheckedChange = null)
        Text(choice.label.shown(), Modifier.padding(start = 12.dp))
    }
}

/**
 * A typed answer, sent when the user presses Save: an empty field clears the answer, and text
 * [parse] cannot read (letters in a number) is flagged here and nothing is sent, so the saved
 * answer is kept. The core checks everything else (ranges, dates).
 */
@Composable
private fun TypedInput(q: QuestionView, vm: FormViewModel, keyboard: KeyboardType, parse: (String) -> Answer?) {
    var typed by rememberSaveable(q.id) { mutableStateOf(shownAnswer(q.answer)) }
    var unreadable by remember(q.id) { mutableStateOf(false) }
    val save = {
        val text = typed.trim()
        val answer = if (text.isEmpty()) null else parse(text)
        unreadable = text.isNotEmpty() && answer == null
        if (!unreadable) vm.answer(q.id, answer)
    }
    Row(verticalAlignment = Alignment.CenterVertically) {
        OutlinedTextField(
            typed, { typed = it; unreadable = false }, Modifier.weight(1f),
            keyboardOptions = KeyboardOptions(keyboardType = keyboard),
            placeholder = { if (q.kind == QuestionKind.DATE) Text(stringResource(R.string.date_format)) },
            supportingText = { if (unreadable) Text(stringResource(R.string.not_a_number)) },
            isError = q.missing || unreadable,
        )
        TextButton(save, Modifier.heightIn(min = 56.dp)) { Text(stringResource(R.string.save)) }
    }
}

/** An answer as the text field shows it. */
private fun shownAnswer(answer: Answer?): String = when (answer) {
    is Answer.Integer -> answer.value.toString()
    is Answer.Decimal -> answer.value.toString()
    is Answer.Text -> answer.value
    is Answer.Date -> answer.value
    else -> ""
}

/** A photo question: its thumbnail, and buttons to take (or retake) and remove the photo. */
@Composable
private fun PhotoInput(q: QuestionView, vm: FormViewModel, takePhoto: (String) -> Unit) {
    q.evidenceFor?.let { Text(stringResource(R.string.evidence_for, it.toInt())) }
    (q.answer as? Answer.Photo)?.let { Thumbnail(it.photoId, vm) }
    BigButton(stringResource(if (q.answer == null) R.string.take_photo else R.string.retake_photo), { takePhoto(q.id) })
    if (q.answer != null) BigButton(stringResource(R.string.remove_photo), { vm.removePhoto(q.id) }, outlined = true)
}

@Composable
private fun Thumbnail(photoId: String, vm: FormViewModel) {
    var image by remember(photoId) { mutableStateOf<ImageBitmap?>(null) }
    LaunchedEffect(photoId) {
        vm.thumbnail(photoId) { outcome ->
            val bytes = (outcome as? Outcome.Done)?.value ?: return@thumbnail
            image = BitmapFactory.decodeByteArray(bytes, 0, bytes.size)?.asImageBitmap()
        }
    }
    image?.let { Image(it, contentDescription = null, modifier = Modifier.size(128.dp)) }
}

/** The current GPS fix with its accuracy, and the button that makes it the answer. */
@Composable
private fun PointInput(q: QuestionView, vm: FormViewModel, fix: Location?) {
    (q.answer as? Answer.Point)?.point?.let {
        Text(stringResource(R.string.point_saved, it.lat, it.lon, it.accuracyM))
    }
    if (fix == null) {
        Text(stringResource(R.string.waiting_for_gps))
    } else {
        Text(stringResource(R.string.point_now, fix.latitude, fix.longitude, fix.accuracy.toDouble()))
        BigButton(stringResource(R.string.use_this_point), { vm.answer(q.id, Answer.Point(fix.toGpsPoint())) })
    }
}

/** The score and the recommendation. */
@Composable
fun AssessmentCard(a: Assessment) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(
                stringResource(R.string.criteria_met_of, a.score.met.toInt(), a.score.minMet.toInt()),
                style = MaterialTheme.typography.titleMedium,
            )
            Text(a.recommendation.shown())
            if (a.inclusionError) Text(stringResource(R.string.inclusion_error))
            if (a.exclusionError) Text(stringResource(R.string.exclusion_error))
            if (a.emergency) Text(stringResource(R.string.emergency))
        }
    }
}

/** One criterion: its status in the core's words, its photo and what the office will check. */
@Composable
fun CriterionCard(c: CriterionView, vm: FormViewModel) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text("${c.number}. ${c.label.shown()}", style = MaterialTheme.typography.titleSmall)
            Text(c.statusText.shown())
            c.photoId?.let { Thumbnail(it, vm) }
            if (c.evidenceMissing) Text(stringResource(R.string.photo_missing), color = MaterialTheme.colorScheme.error)
            c.photoFlags.forEach { Text("• " + it.shown()) }
        }
    }
}
