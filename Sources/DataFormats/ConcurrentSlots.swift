import Foundation

/// Results written by `DispatchQueue.concurrentPerform` workers, each to its own slot.
///
/// `@unchecked Sendable` is sound here: every slot is written under the lock, `Value` is itself
/// `Sendable`, and callers read `values` only after `concurrentPerform` has returned.
public final class ConcurrentSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    /// `count` empty slots.
    public init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// Stores `value` in slot `index`.
    public func set(_ index: Int, _ value: Value) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    /// Every slot in index order; nil where a worker wrote nothing.
    public var values: [Value?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
