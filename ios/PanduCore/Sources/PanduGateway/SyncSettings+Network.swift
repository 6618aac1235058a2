// What a sync may send depends on the network the phone is on and on the user's Wi-Fi-only
// switch for photos; this turns the two into the core's sync settings.

import PanduCore

extension SyncSettings {
    /// Settings for a sync now. On mobile data or a Low Data network (`expensive`), records go
    /// but photos wait for Wi-Fi, unless the user allowed photos on mobile data.
    public static func now(expensive: Bool, photosOnMobileData: Bool) -> SyncSettings {
        SyncSettings(metered: expensive, mediaOnMetered: photosOnMobileData)
    }
}
