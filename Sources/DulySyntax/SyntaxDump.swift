import DulySource

/// A structural rendering of a syntax tree without positions: two trees that differ only in
/// where they stand in a file dump the same. The formatter's round-trip law,
/// parse(print(tree)) == tree, is checked by comparing dumps.
public enum SyntaxDump {
    public static func dump(_ value: Any) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    static func write(_ value: Any, into out: inout String) {
        if value is Span { out += "_"; return }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            if let child = mirror.children.first { write(child.value, into: &out) } else { out += "nil" }
        case .collection, .set:
            out += "["
            for (i, child) in mirror.children.enumerated() {
                if i > 0 { out += ", " }
                write(child.value, into: &out)
            }
            out += "]"
        case .enum:
            out += "\(mirror.subjectType).\(String(describing: value).prefix { $0 != "(" })"
            if let payload = mirror.children.first {
                out += "("
                write(payload.value, into: &out)
                out += ")"
            }
        case .struct, .tuple, .class:
            out += "{"
            var first = true
            for child in mirror.children where child.label != "span" {
                if !first { out += ", " }
                first = false
                if let label = child.label { out += "\(label): " }
                write(child.value, into: &out)
            }
            out += "}"
        default:
            out += String(reflecting: value)
        }
    }
}
