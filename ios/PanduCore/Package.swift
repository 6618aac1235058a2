// swift-tools-version: 6.0
// The Pandu core for iOS: the Rust library as an XCFramework (built by scripts/build-ios), the Swift
// that uniffi generates for it (scripts/bindgen swift), and the small gateway the app talks to.
import PackageDescription

let package = Package(
    name: "PanduCore",
    platforms: [.iOS(.v17)],
    products: [
        .library(name: "PanduGateway", targets: ["PanduGateway"]),
    ],
    targets: [
        // libpandu_ffi.a for device and simulators, with the C header and module map of PanduCoreFFI.
        .binaryTarget(name: "PanduCoreFFI", path: "PanduCoreFFI.xcframework"),
        // The generated bindings (Sources/PanduCore/PanduCore.swift, not committed).
        .target(name: "PanduCore", dependencies: ["PanduCoreFFI"]),
        // The app's only door to the core: a protocol, the live implementation and a fake.
        .target(name: "PanduGateway", dependencies: ["PanduCore"]),
        .testTarget(name: "PanduGatewayTests", dependencies: ["PanduGateway", "PanduCore"]),
    ],
    swiftLanguageModes: [.v6]
)
