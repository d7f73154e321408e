#pragma once
/// Contact traces: one record per counted contact of one replication, handed to an observer as
/// the contact's outcome becomes known (answered: when its service starts; abandoned: when it
/// leaves; unanswered: at the end of the run), so a trace of a month is streamed, never held.
///
/// The records agree with the KPIs of the same replication (ccsim/models/results.hpp): per
/// channel, offered = the records, answered / abandoned = the records with that outcome,
/// unanswered_end + backlog_end = the unanswered ones, callbacks_failed = callback_failed;
/// the waits of answered records sum to wait_sum_answered. The model calls the observer only
/// when one is set: a run without it does exactly what it did before (same events, no
/// allocation).

#include <cstdint>

namespace ccsim::models {

/// What became of a counted contact.
enum class ContactOutcome : std::uint8_t {
  answered,         ///< service started (a reached callback: the callback)
  abandoned,        ///< left the queue before service
  unanswered,       ///< still waiting when the run ended (email: in the backlog at the horizon)
  callback_failed,  ///< a callback that did not reach the customer: neither answered nor abandoned
};

/// One counted contact (all times in seconds; indices into the Scenario's lists).
struct ContactRecord {
  double arrival_seconds = 0.0;  ///< since day 0, 00:00 UTC (the warm-up is before 0)
  int channel = 0;               ///< Scenario::channels
  int region = -1;               ///< Scenario::regions; -1 when the scenario has none
  int home_site = -1;            ///< Scenario::sites; -1 = any site (no home)
  int site = -1;                 ///< answering agent's site; -1 when not served
  int group = -1;                ///< its group in SiteConfig::groups; -1 when not served
  int attempt = 1;               ///< 1 = the customer's first attempt (redials: 2, 3, ...)
  ContactOutcome outcome = ContactOutcome::answered;
  /// Queue time: to the start of service, to the abandonment, or (unanswered) to the end of
  /// the run.
  double wait_seconds = 0.0;
  /// Service time without wrap-up (with the chat slowdown; to the timeout of a messenger
  /// session that timed out; a failed callback's attempt); 0 when not served.
  double handle_seconds = 0.0;
  double wrap_seconds = 0.0;  ///< after-call work after the handling; 0 when not served
};

/// Receives the records of one replication, in the order their outcomes are known (from the
/// thread that simulates the replication).
class ContactObserver {
 public:
  virtual ~ContactObserver() = default;
  virtual void on_contact(const ContactRecord& record) = 0;
};

}  // namespace ccsim::models
