#pragma once
/// Umbrella header: the whole public API of ccsim (engine, contact-center model, I/O).

#include "ccsim/sim/event_calendar.hpp"
#include "ccsim/sim/random.hpp"
#include "ccsim/sim/replication.hpp"
#include "ccsim/sim/simulator.hpp"
#include "ccsim/sim/statistics.hpp"
#include "ccsim/sim/time.hpp"

#include "ccsim/models/erlang.hpp"
#include "ccsim/models/results.hpp"
#include "ccsim/models/scenario.hpp"
#include "ccsim/models/simulation.hpp"
#include "ccsim/models/staffing.hpp"

#include "ccsim/io/erlang_report.hpp"
#include "ccsim/io/error.hpp"
#include "ccsim/io/report.hpp"
#include "ccsim/io/scenario_file.hpp"
#include "ccsim/io/staff_report.hpp"
#include "ccsim/version.hpp"
