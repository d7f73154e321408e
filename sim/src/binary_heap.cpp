#include "binary_heap.hpp"

#include <algorithm>

namespace ccsim::sim::detail {

void BinaryHeap::push(const CalendarEntry& entry) {
  heap_.push_back(entry);
  std::size_t i = heap_.size() - 1;
  while (i > 0) {
    const std::size_t parent = (i - 1) / 2;
    if (!(entry.key < heap_[parent].key)) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = entry;
}

void BinaryHeap::push_many(std::span<const CalendarEntry> entries) {
  // Heapify costs about 2 (n + m) comparisons, m pushes up to m log2(n + m).
  if (entries.size() < 64 || 8 * entries.size() < heap_.size()) {
    for (const CalendarEntry& e : entries) push(e);
    return;
  }
  heap_.insert(heap_.end(), entries.begin(), entries.end());
  std::make_heap(heap_.begin(), heap_.end(),
                 [](const CalendarEntry& a, const CalendarEntry& b) { return b.key < a.key; });
}

CalendarEntry BinaryHeap::pop() {
  const CalendarEntry result = heap_.front();
  const CalendarEntry last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n == 0) return result;
  // Sift the former last element down from the root, moving the smaller child up.
  std::size_t i = 0;
  for (;;) {
    std::size_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && heap_[child + 1].key < heap_[child].key) ++child;
    if (!(heap_[child].key < last.key)) break;
    heap_[i] = heap_[child];
    i = child;
  }
  heap_[i] = last;
  return result;
}

}  // namespace ccsim::sim::detail
