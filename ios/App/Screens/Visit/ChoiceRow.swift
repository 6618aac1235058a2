// One choice of a question or of the consent step, as a full-width row that is easy to tap with a
// thumb: a round mark for one-of, a square for any-of.

import PanduCore
import SwiftUI

/// A tappable choice.
struct ChoiceRow: View {
    let label: BilingualText
    let selected: Bool
    /// Any-of (a square mark) rather than one-of (a round one).
    var multiple = false
    let action: () -> Void

    var body: some View {
        Button(action: action) {
            HStack {
                CoreText(label)
                Spacer()
                Image(systemName: mark).foregroundStyle(selected ? Color.accentColor : .secondary)
            }
            .frame(minHeight: 44)
            .contentShape(Rectangle())
        }
        .buttonStyle(.plain)
        .accessibilityAddTraits(selected ? .isSelected : [])
    }

    private var mark: String {
        switch (multiple, selected) {
        case (false, true): "largecircle.fill.circle"
        case (false, false): "circle"
        case (true, true): "checkmark.square.fill"
        case (true, false): "square"
        }
    }
}
