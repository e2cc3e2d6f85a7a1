/// A value shared by reference between the threads of one loop, each writing its own slot (the
/// evaluating threads' workers, the results of policy-test cases run side by side). DulyData
/// keeps its own for its reading threads.
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
