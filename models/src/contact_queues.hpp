#pragma once
// Contacts of one replication and the queues they wait in.
//
// Contacts live in a pool of reusable records (no allocation per arrival once it has grown);
// a record's `generation` grows each time it is released, so a queue entry that outlived its
// contact (served elsewhere, abandoned) is recognised as stale and skipped lazily.

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "ccsim/sim/simulator.hpp"
#include "ring_queue.hpp"

namespace ccsim::models::detail {

/// "Never" for a contact's durations (no patience, never goes quiet).
inline constexpr sim::Duration kForever = sim::Duration::max();

struct Contact {
  static constexpr std::uint8_t kKeepsPlace = 1, kVirtual = 2;
  // redialing: abandoned, coming back as a new attempt of the same customer (record kept).
  enum class State : std::uint8_t { free, waiting, in_service, redialing };
  sim::TimePoint arrival{};
  sim::Duration handle{};             // before any concurrency slowdown
  sim::Duration wrap{};               // after-call work: the agent stays busy this long after
  sim::Duration patience = kForever;  // kForever = never abandons
  sim::Duration quiet = kForever;     // messenger: after service start; kForever = never
  sim::Duration reply{};              // chat, messenger: agent's first reply after assignment
  sim::EventHandle abandon_timer;
  sim::EventHandle overflow_timer;
  std::int32_t interval = -1;  // counted interval of arrival; -1 = warm-up (not counted)
  std::uint32_t generation = 0;
  std::int32_t agent = -1;
  std::uint16_t channel = 0;
  std::int16_t home = -1;     // queue class: home site, or -1 = any site
  std::int16_t region = 0;    // demand region of the customer (kept across attempts)
  std::uint16_t attempt = 0;  // 0 = the customer's first attempt
  std::uint64_t seen = 0;     // redials: channels where this customer's attempts were counted
  State state = State::free;
  bool queued = false;
  // Callbacks: 0 none; kKeepsPlace (its ticket stays in the line); kVirtual (virtual queue).
  std::uint8_t callback = 0;
  bool callback_fails = false;  // the callback will not reach the customer
};

/// A queue entry; stale once its contact is served, abandons or is reused.
struct Ticket {
  std::uint32_t contact = 0;
  std::uint32_t generation = 0;
};

/// The pool of contact records.
class ContactStore {
 public:
  std::uint32_t acquire() {
    if (!free_.empty()) {
      const std::uint32_t ci = free_.back();
      free_.pop_back();
      return ci;
    }
    contacts_.emplace_back();
    return static_cast<std::uint32_t>(contacts_.size() - 1);
  }
  /// Frees the record; its queue tickets go stale.
  void release(std::uint32_t ci) {
    Contact& k = contacts_[ci];
    k.state = Contact::State::free;
    ++k.generation;
    free_.push_back(ci);
  }
  /// Keeps the record for the customer's next attempt; its queue tickets go stale.
  void hold_for_redial(std::uint32_t ci) {
    Contact& k = contacts_[ci];
    k.state = Contact::State::redialing;
    ++k.generation;
  }
  /// Records ever made (free or not): valid indices are [0, size()).
  std::uint32_t size() const { return static_cast<std::uint32_t>(contacts_.size()); }
  Contact& operator[](std::uint32_t ci) { return contacts_[ci]; }
  const Contact& operator[](std::uint32_t ci) const { return contacts_[ci]; }
  /// True if the ticket's contact is still waiting.
  bool waiting(const Ticket& t) const {
    const Contact& k = contacts_[t.contact];
    return k.generation == t.generation && k.state == Contact::State::waiting;
  }

 private:
  std::vector<Contact> contacts_;
  std::vector<std::uint32_t> free_;
};

/// Per channel, one FIFO per home site plus one (index = sites) for contacts any site may take,
/// and the count of counted real-time contacts waiting (what the drain waits for).
class ContactQueues {
 public:
  ContactQueues() = default;
  ContactQueues(std::size_t channels, int sites)
      : sites_(sites), channels_(channels), waiting_counted_(channels, 0) {
    for (PerChannel& c : channels_) c.queues.resize(static_cast<std::size_t>(sites + 1));
  }
  /// Queue index of contacts held for `home` (-1 = any site).
  int queue_of(int home) const { return home >= 0 ? home : sites_; }
  int any_site_queue() const { return sites_; }

  void push(int ch, int queue, Ticket t) {
    PerChannel& c = channels_[static_cast<std::size_t>(ch)];
    if (std::find(c.used.begin(), c.used.end(), queue) == c.used.end()) c.used.push_back(queue);
    c.queues[static_cast<std::size_t>(queue)].push(t);
  }
  /// Queues of `ch` ever pushed to, in first-use order (the only ones worth scanning).
  std::span<const int> used(int ch) const { return channels_[static_cast<std::size_t>(ch)].used; }
  /// The front ticket of a queue after dropping stale ones; nullptr if none waits.
  const Ticket* head(int ch, int queue, const ContactStore& store) {
    RingQueue<Ticket>& q =
        channels_[static_cast<std::size_t>(ch)].queues[static_cast<std::size_t>(queue)];
    while (!q.empty()) {
      if (store.waiting(q.front())) return &q.front();
      q.pop();
    }
    return nullptr;
  }
  void pop(int ch, int queue) {
    channels_[static_cast<std::size_t>(ch)].queues[static_cast<std::size_t>(queue)].pop();
  }
  /// Counted contacts of `ch` still waiting (live tickets with interval >= 0).
  double count_counted_waiting(int ch, const ContactStore& store) const {
    double n = 0;
    for (const RingQueue<Ticket>& q : channels_[static_cast<std::size_t>(ch)].queues)
      for (std::size_t k = 0; k < q.size(); ++k)
        if (store.waiting(q[k]) && store[q[k].contact].interval >= 0) ++n;
    return n;
  }

  /// Counted real-time contacts waiting: per channel and in all.
  void counted_wait_begins(int ch) {
    ++waiting_counted_[static_cast<std::size_t>(ch)];
    ++waiting_counted_total_;
  }
  void counted_wait_ends(int ch) {
    --waiting_counted_[static_cast<std::size_t>(ch)];
    --waiting_counted_total_;
  }
  std::int64_t counted_waiting(int ch) const {
    return waiting_counted_[static_cast<std::size_t>(ch)];
  }
  std::int64_t counted_waiting() const { return waiting_counted_total_; }

 private:
  struct PerChannel {
    std::vector<RingQueue<Ticket>> queues;
    std::vector<int> used;
  };
  int sites_ = 0;
  std::vector<PerChannel> channels_;
  std::vector<std::int64_t> waiting_counted_;
  std::int64_t waiting_counted_total_ = 0;
};

}  // namespace ccsim::models::detail
