// swift-tools-version: 6.0
//
// libFuzzer targets for Duly; see README.md. Built only with `-sanitize=fuzzer` (they call
// libFuzzer's driver), so they are a package of their own and the main build never sees them.
import PackageDescription

let package = Package(
    name: "DulyFuzzTargets",
    dependencies: [
        .package(name: "Duly", path: ".."),
    ],
    targets: [
        .target(name: "CLibFuzzer"),
        .executableTarget(name: "fuzz-policy", dependencies: ["CLibFuzzer", .product(name: "DulyFuzz", package: "Duly")]),
        .executableTarget(name: "fuzz-casedata", dependencies: ["CLibFuzzer", .product(name: "DulyFuzz", package: "Duly")]),
        .executableTarget(name: "fuzz-calendar", dependencies: ["CLibFuzzer", .product(name: "DulyFuzz", package: "Duly")]),
    ]
)
