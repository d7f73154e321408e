#pragma once
#include <span>
#include <vector>

#include "ccsim/sim/event_calendar.hpp"

namespace ccsim::sim::detail {

/// Reference future-event set: an implicit binary min-heap on EventKey. O(log n) push and pop.
class BinaryHeap final : public EventCalendar {
 public:
  void push(const CalendarEntry& entry) override;
  CalendarEntry pop() override;
  /// Pushes many entries at once: O(size + entries.size()) when they are many (a heapify),
  /// one push each otherwise.
  void push_many(std::span<const CalendarEntry> entries);
  const CalendarEntry& top() override { return heap_.front(); }
  bool pop_not_after(TimePoint limit, CalendarEntry& out) override {
    if (heap_.empty() || heap_.front().key.time > limit) return false;
    out = pop();
    return true;
  }
  std::size_t size() const override { return heap_.size(); }
  void clear() override { heap_.clear(); }
  std::string_view name() const override { return "binary_heap"; }
  /// Exchanges the contents of two heaps (O(1)).
  void swap(BinaryHeap& other) noexcept { heap_.swap(other.heap_); }

 private:
  std::vector<CalendarEntry> heap_;
};

}  // namespace ccsim::sim::detail
