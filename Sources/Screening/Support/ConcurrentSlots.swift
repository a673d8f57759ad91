import Foundation

/// Results written by `DispatchQueue.concurrentPerform` workers, each to its own slot.
///
/// `@unchecked Sendable` is sound here: every slot is written under the lock, `Value` is itself
/// `Sendable`, and callers read `values` only after `concurrentPerform` has returned.
final class ConcurrentSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    /// Every slot in index order; nil where a worker wrote nothing.
    var values: [Value?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
