#pragma once
/// The simulation loop: clock, scheduling, cancellation, run control.

#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "ccsim/sim/event_calendar.hpp"
#include "ccsim/sim/time.hpp"

namespace ccsim::sim {

namespace detail {
class CalendarQueue;
}

/// Receives fired events. A model implements this and interprets `kind` and `arg` itself.
class EventHandler {
 public:
  virtual ~EventHandler() = default;
  virtual void on_event(std::uint32_t kind, std::uint64_t arg) = 0;
};

/// Identifies a scheduled event for cancel(). A default-constructed handle refers to nothing.
struct EventHandle {
  std::uint32_t slot = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t generation = 0;
  bool valid() const { return slot != std::numeric_limits<std::uint32_t>::max(); }
};

/// Discrete-event simulator: a clock and a future-event set.
///
/// Events are (handler, kind, arg) triples kept in a slot table that is reused through a free
/// list, so scheduling does not allocate in steady state. Cancellation is O(1): the slot is
/// marked dead and the calendar entry is skipped when it reaches the front.
class Simulator {
 public:
  explicit Simulator(CalendarKind kind = CalendarKind::calendar_queue);
  explicit Simulator(std::unique_ptr<EventCalendar> calendar);
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  /// Current simulation time.
  TimePoint now() const { return now_; }

  /// Schedules `handler.on_event(kind, arg)` at `time` (>= now(); throws std::logic_error
  /// otherwise). Smaller `priority` fires first among events at the same time.
  EventHandle schedule_at(TimePoint time, EventHandler& handler, std::uint32_t kind,
                          std::uint64_t arg = 0, std::int32_t priority = 0);
  /// Schedules at now() + delay (delay >= 0).
  EventHandle schedule_after(Duration delay, EventHandler& handler, std::uint32_t kind,
                             std::uint64_t arg = 0, std::int32_t priority = 0);

  /// Cancels a pending event. Returns false (and does nothing) if it already fired, was
  /// cancelled, or the handle is invalid.
  bool cancel(EventHandle handle);
  /// True if the event is scheduled and has neither fired nor been cancelled.
  bool is_pending(EventHandle handle) const;

  /// Fires events in key order while their time is <= `end` and stop() was not called.
  /// Afterwards now() == end unless stopped earlier or `end` is kNever.
  void run_until(TimePoint end);
  /// Fires events until none are left or stop() is called.
  void run() { run_until(kNever); }
  /// Makes the running run_until() return after the current event.
  void stop() { stopped_ = true; }

  /// Events fired so far (cancelled events are not counted).
  std::uint64_t events_fired() const { return fired_; }
  /// Events scheduled and neither fired nor cancelled.
  std::size_t pending() const { return live_; }
  /// The calendar in use.
  const EventCalendar& calendar() const { return *calendar_; }

 private:
  struct Slot {
    EventHandler* handler = nullptr;
    std::uint64_t arg = 0;
    std::uint32_t kind = 0;
    std::uint32_t generation = 0;
    bool live = false;
  };
  // Hot path, inline: a free slot from the free list (growth out of line).
  std::uint32_t acquire_slot() {
    if (free_slots_.empty()) [[unlikely]]
      return grow_slots();
    const std::uint32_t s = free_slots_.back();
    free_slots_.pop_back();
    return s;
  }
  void release_slot(std::uint32_t slot) {
    Slot& s = slots_[slot];
    s.live = false;
    ++s.generation;  // stale handles to this slot no longer match
    free_slots_.push_back(slot);
  }
  std::uint32_t grow_slots();

  template <class Calendar>
  void run_loop(Calendar& calendar, TimePoint end);

  std::unique_ptr<EventCalendar> calendar_;
  // The default calendar, called without virtual dispatch (its push and pop inline into the
  // loop); null for any other calendar.
  detail::CalendarQueue* queue_ = nullptr;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  TimePoint now_{};
  std::uint64_t sequence_ = 0;
  std::uint64_t fired_ = 0;
  std::size_t live_ = 0;
  bool stopped_ = false;
};

}  // namespace ccsim::sim
