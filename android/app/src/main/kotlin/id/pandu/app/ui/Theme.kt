// Pandu's Material 3 theme: light and dark colour schemes following the phone's setting, and
// type a step larger than the default for reading in the field.
package id.pandu.app.ui

import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Typography
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.unit.sp

private val Teal = Color(0xFF00696B)
private val TealLight = Color(0xFF4CDADB)

private val Light = lightColorScheme(primary = Teal, secondary = Color(0xFF4A6364))
private val Dark = darkColorScheme(primary = TealLight, secondary = Color(0xFFB0CCCC))

private val Base = Typography()
private val Larger = Base.copy(
    bodyLarge = Base.bodyLarge.copy(fontSize = 18.sp, lineHeight = 26.sp),
    bodyMedium = Base.bodyMedium.copy(fontSize = 16.sp, lineHeight = 22.sp),
    labelLarge = Base.labelLarge.copy(fontSize = 16.sp),
)

/** The app's theme. */
@Composable
fun PanduTheme(content: @Composable () -> Unit) {
    MaterialTheme(
        colorScheme = if (isSystemInDarkTheme()) Dark else Light,
        typography = Larger,
        content = content,
    )
}
