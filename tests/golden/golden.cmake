# Golden determinism check, run by ctest (label "golden") as
#   cmake -DCCSIM=<ccsim exe> -DSOURCE_DIR=<repo> -DDIGESTS=<digests.txt> -DBOOST_VERSION=<x.y.z> -P golden.cmake
# For each line "scenario seed replications sha256 boost" of DIGESTS it runs
#   ccsim run <scenario> --seed S --replications R --format json --threads 1   (and --threads 2)
# and requires (1) byte-identical JSON for both thread counts (docs/contract.md: results do not depend
# on --threads) and (2) the SHA-256 of that JSON to equal the recorded one. The digest is only
# compared when the recorded Boost version is the one built against: Boost may change a
# distribution's algorithm between versions (style.md P8), and then the trajectory moves.
#
# With the environment variable CCSIM_UPDATE_GOLDEN=1 (scripts/update-golden) it rewrites the
# digests instead, after checking (1). Do that only on purpose, and say why in the commit.
cmake_minimum_required(VERSION 3.25)
foreach(v CCSIM SOURCE_DIR DIGESTS BOOST_VERSION)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "golden.cmake: -D${v}=... is required")
  endif()
endforeach()

set(update FALSE)
if("$ENV{CCSIM_UPDATE_GOLDEN}" STREQUAL "1")
  set(update TRUE)
endif()

file(STRINGS ${DIGESTS} lines)
set(out_lines "")
set(failures "")
set(checked 0)
set(skipped 0)
foreach(line IN LISTS lines)
  if(line MATCHES "^[ \t]*(#|$)")
    list(APPEND out_lines "${line}")
    continue()
  endif()
  string(REGEX REPLACE "[ \t]+" ";" fields "${line}")
  list(LENGTH fields n)
  if(NOT n EQUAL 5)
    message(FATAL_ERROR "${DIGESTS}: expected 'scenario seed replications sha256 boost', got '${line}'")
  endif()
  list(GET fields 0 scenario)
  list(GET fields 1 seed)
  list(GET fields 2 reps)
  list(GET fields 3 recorded)
  list(GET fields 4 recorded_boost)

  set(json_1 "")
  foreach(threads 1 2)
    execute_process(
      COMMAND ${CCSIM} run ${SOURCE_DIR}/${scenario} --seed ${seed} --replications ${reps}
              --threads ${threads} --format json
      OUTPUT_VARIABLE json ERROR_VARIABLE err RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "ccsim run ${scenario} --threads ${threads} failed (${rc}): ${err}")
    endif()
    if(threads EQUAL 1)
      set(json_1 "${json}")
    elseif(NOT json STREQUAL json_1)
      list(APPEND failures "${scenario} seed ${seed}: JSON differs between --threads 1 and 2")
    endif()
  endforeach()
  string(SHA256 digest "${json_1}")

  if(update)
    list(APPEND out_lines "${scenario} ${seed} ${reps} ${digest} ${BOOST_VERSION}")
    if(NOT digest STREQUAL recorded)
      message(STATUS "updated ${scenario} seed ${seed}: ${recorded} -> ${digest}")
    endif()
  elseif(NOT recorded_boost STREQUAL BOOST_VERSION)
    math(EXPR skipped "${skipped} + 1")
    message(STATUS "skipped digest of ${scenario}: recorded with Boost ${recorded_boost}, built "
                   "with ${BOOST_VERSION} (run scripts/update-golden if that is intended)")
  elseif(NOT digest STREQUAL recorded)
    list(APPEND failures "${scenario} seed ${seed} replications ${reps}: digest ${digest}, recorded ${recorded}")
  else()
    math(EXPR checked "${checked} + 1")
  endif()
endforeach()

if(failures)
  list(JOIN failures "\n  " text)
  message(FATAL_ERROR "golden: the results changed:\n  ${text}\n"
                      "If the change is intended, run scripts/update-golden and give the reason in "
                      "the commit message.")
endif()
if(update)
  list(JOIN out_lines "\n" text)
  file(WRITE ${DIGESTS} "${text}\n")
  message(STATUS "golden: rewrote ${DIGESTS}")
else()
  message(STATUS "golden: ${checked} digest(s) match, ${skipped} skipped (other Boost version); "
                 "JSON identical for --threads 1 and 2")
endif()
