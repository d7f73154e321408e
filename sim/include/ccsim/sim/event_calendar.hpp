#pragma once
/// The future-event set: an abstract calendar with two implementations, a calendar queue
/// (default) and a binary heap (reference).

#include <compare>
#include <cstdint>
#include <memory>
#include <string_view>

#include "ccsim/sim/time.hpp"

namespace ccsim::sim {

/// Total order of events: time, then priority (smaller first), then scheduling sequence.
///
/// Keys never tie: `sequence` grows on every schedule, so same-time, same-priority events
/// fire in the order they were scheduled.
struct EventKey {
  TimePoint time{};
  std::int32_t priority = 0;
  std::uint64_t sequence = 0;
  friend constexpr auto operator<=>(const EventKey&, const EventKey&) = default;
};

/// What a calendar stores: the key and an opaque payload index owned by the caller.
struct CalendarEntry {
  EventKey key;
  std::uint32_t slot = 0;
};

/// Future-event set interface.
///
/// To provide a new future-event set, subclass this and return it from make_calendar() or hand
/// it to the Simulator constructor. Implementations must pop entries in strictly increasing
/// key order and must not allocate per operation in steady state.
class EventCalendar {
 public:
  virtual ~EventCalendar() = default;
  /// Inserts an entry. Keys are unique.
  virtual void push(const CalendarEntry& entry) = 0;
  /// Removes and returns the entry with the smallest key. Precondition: !empty().
  virtual CalendarEntry pop() = 0;
  /// The entry with the smallest key, without removing it. Precondition: !empty().
  virtual const CalendarEntry& top() = 0;
  /// Pops the smallest entry into `out` if the calendar is not empty and its time is <=
  /// `limit`; otherwise returns false and leaves `out` alone. One call instead of
  /// empty() + top() + pop() on the simulator's hot path; override it for speed.
  virtual bool pop_not_after(TimePoint limit, CalendarEntry& out) {
    if (empty() || top().key.time > limit) return false;
    out = pop();
    return true;
  }
  /// Number of stored entries.
  virtual std::size_t size() const = 0;
  /// Removes every entry.
  virtual void clear() = 0;
  /// Short name, e.g. "calendar_queue".
  virtual std::string_view name() const = 0;

  bool empty() const { return size() == 0; }
};

/// The built-in calendars.
enum class CalendarKind { calendar_queue, binary_heap };

/// Creates a built-in calendar.
std::unique_ptr<EventCalendar> make_calendar(CalendarKind kind);

/// "calendar_queue" or "binary_heap".
std::string_view to_string(CalendarKind kind);

}  // namespace ccsim::sim
