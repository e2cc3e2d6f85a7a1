import CLibFuzzer
import DulyFuzz

/// The entry point SwiftPM links as `main` for this executable; it hands control to libFuzzer,
/// which runs `Fuzz.calendar` on each input. A broken property is a crash, so libFuzzer keeps the input.
@_cdecl("fuzz_calendar_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        let broken = Fuzz.calendar(bytes)
        if !broken.isEmpty { fatalError(broken.joined(separator: "\n")) }
        return 0
    }
}
