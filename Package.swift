// swift-tools-version: 6.0
//
// Duly: a declarative language for 控辍保学 (dropout-control) policy deadlines.
// Library targets are layered by phase; a target only imports targets listed below it.
//
//   0  DulySource  DulyTime  DulyCSV
//   1  DulySyntax  DulySheets
//   2  DulyFormat  DulyModel
//   3  DulyCheck   DulyEval  DulyData
//   4  DulyKit
//   5  duly (CLI), duly-bench, DulyFuzz (the oracles of the fuzz targets in fuzz/)
import PackageDescription

let package = Package(
    name: "Duly",
    products: [
        .executable(name: "duly", targets: ["duly"]),
        .library(name: "DulyKit", targets: ["DulyKit"]),
        .library(name: "DulyFuzz", targets: ["DulyFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        .target(name: "DulySource"),
        .target(name: "DulyTime"),
        // Reads and writes .xlsx worksheets as rows of typed cells; knows nothing of students or rules.
        .target(name: "DulySheets", dependencies: ["DulySource", "DulyTime", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // Scans CSV records out of bytes (a file or memory, UTF-8 or GB18030) in large chunks; knows
        // nothing of students or rules.
        .target(name: "DulyCSV"),
        .target(name: "DulySyntax", dependencies: ["DulySource", "DulyTime"]),
        .target(name: "DulyFormat", dependencies: ["DulySyntax"]),
        .target(name: "DulyModel", dependencies: ["DulySource", "DulyTime"]),
        .target(name: "DulyCheck", dependencies: ["DulySyntax", "DulyModel", "DulyTime"]),
        .target(name: "DulyEval", dependencies: ["DulyModel", "DulyTime"]),
        // Case data: reads a data set (CSV, JSON Lines, .xlsx) into compact columns, checks it row by
        // row, and hands subjects out range by range; knows no rule and never evaluates.
        .target(name: "DulyData", dependencies: ["DulyCSV", "DulySource", "DulyModel", "DulyTime", "DulySheets"]),
        .target(
            name: "DulyKit",
            dependencies: ["DulySource", "DulyTime", "DulySheets", "DulySyntax", "DulyFormat", "DulyModel", "DulyCheck", "DulyEval", "DulyData"]
        ),
        .executableTarget(
            name: "duly",
            dependencies: ["DulyData", "DulyKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "duly-bench", dependencies: ["DulyData", "DulyKit"]),
        .target(
            name: "DulyFuzz",
            dependencies: ["DulySource", "DulyTime", "DulySyntax", "DulyFormat", "DulyModel", "DulyCheck", "DulyData", "DulyKit"]
        ),
        // Helpers every test target shares (package root, golden recording, a seeded generator).
        .target(name: "DulyTestSupport", path: "Tests/DulyTestSupport"),
        .testTarget(name: "DulyTimeTests", dependencies: ["DulyTime", "DulyTestSupport"]),
        .testTarget(name: "DulySyntaxTests", dependencies: ["DulySyntax", "DulySource", "DulyTestSupport"]),
        .testTarget(name: "DulyFormatTests", dependencies: ["DulyFormat", "DulySyntax", "DulyKit", "DulyFuzz", "DulyTestSupport"], exclude: ["Golden"]),
        .testTarget(name: "DulyCheckTests", dependencies: ["DulyCheck", "DulyKit", "DulyTestSupport"], exclude: ["Golden"]),
        .testTarget(name: "DulyKitTests", dependencies: ["DulyKit", "DulyData", "DulyCSV", "DulySheets", "DulyFuzz", "DulyTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "DulyEvalTests", dependencies: ["DulyEval", "DulyModel", "DulyTime", "DulyData", "DulyKit", "DulySheets", "DulyTestSupport"], exclude: ["Golden"]),
    ]
)
