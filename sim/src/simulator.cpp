#include "ccsim/sim/simulator.hpp"

#include <stdexcept>

#include "calendar_queue.hpp"

namespace ccsim::sim {

Simulator::Simulator(CalendarKind kind) : Simulator(make_calendar(kind)) {}

Simulator::Simulator(std::unique_ptr<EventCalendar> calendar) : calendar_(std::move(calendar)) {
  if (!calendar_) throw std::invalid_argument("Simulator: null calendar");
  queue_ = dynamic_cast<detail::CalendarQueue*>(calendar_.get());
}

std::uint32_t Simulator::grow_slots() {
  // Slots are never returned to the allocator: the table grows to the peak number of pending
  // events and is then reused through the free list.
  slots_.emplace_back();
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

EventHandle Simulator::schedule_at(TimePoint time, EventHandler& handler, std::uint32_t kind,
                                   std::uint64_t arg, std::int32_t priority) {
  if (time < now_) throw std::logic_error("Simulator::schedule_at: time is in the past");
  const std::uint32_t slot = acquire_slot();
  Slot& s = slots_[slot];
  s.handler = &handler;
  s.arg = arg;
  s.kind = kind;
  s.live = true;
  const CalendarEntry entry{EventKey{time, priority, sequence_++}, slot};
  if (queue_ != nullptr) [[likely]] {
    queue_->push(entry);
  } else {
    calendar_->push(entry);
  }
  ++live_;
  return EventHandle{slot, s.generation};
}

EventHandle Simulator::schedule_after(Duration delay, EventHandler& handler, std::uint32_t kind,
                                      std::uint64_t arg, std::int32_t priority) {
  if (delay < Duration::zero()) throw std::logic_error("Simulator::schedule_after: negative delay");
  return schedule_at(now_ + delay, handler, kind, arg, priority);  // saturates at kNever
}

bool Simulator::is_pending(EventHandle handle) const {
  return handle.valid() && handle.slot < slots_.size() &&
         slots_[handle.slot].generation == handle.generation && slots_[handle.slot].live;
}

bool Simulator::cancel(EventHandle handle) {
  if (!is_pending(handle)) return false;
  // The calendar entry stays where it is and is skipped when it reaches the front: removing
  // from the middle of a calendar is not O(1), and cancellations are a minority of events.
  slots_[handle.slot].live = false;
  --live_;
  return true;
}

void Simulator::run_until(TimePoint end) {
  stopped_ = false;
  if (queue_ != nullptr) {
    run_loop(*queue_, end);
  } else {
    run_loop(*calendar_, end);
  }
  if (!stopped_ && end != kNever && now_ < end) now_ = end;
}

template <class Calendar>
void Simulator::run_loop(Calendar& calendar, TimePoint end) {
  CalendarEntry e;
  // pop_not_after() folds empty() + top() + pop(); for the calendar queue (a final class) it
  // is inline here, for other calendars one virtual call per event.
  while (!stopped_ && calendar.pop_not_after(end, e)) {
    Slot& s = slots_[e.slot];
    if (!s.live) {  // cancelled
      release_slot(e.slot);
      continue;
    }
    now_ = e.key.time;
    EventHandler* handler = s.handler;
    const std::uint32_t kind = s.kind;
    const std::uint64_t arg = s.arg;
    --live_;
    release_slot(e.slot);
    ++fired_;
    handler->on_event(kind, arg);
  }
}

}  // namespace ccsim::sim
