#include "ccsim/sim/event_calendar.hpp"

#include "binary_heap.hpp"
#include "calendar_queue.hpp"

namespace ccsim::sim {

std::unique_ptr<EventCalendar> make_calendar(CalendarKind kind) {
  switch (kind) {
    case CalendarKind::binary_heap:
      return std::make_unique<detail::BinaryHeap>();
    case CalendarKind::calendar_queue:
      break;
  }
  return std::make_unique<detail::CalendarQueue>();
}

std::string_view to_string(CalendarKind kind) {
  return kind == CalendarKind::binary_heap ? "binary_heap" : "calendar_queue";
}

}  // namespace ccsim::sim
