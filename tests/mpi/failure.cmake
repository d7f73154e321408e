# A rank that throws or dies must end the whole MPI job with an error and leave no --out
# files; bad input must exit 2 whatever rank count.
#   -DCCSIM=exe -DMPIEXEC=mpirun -DWORK=dir -DSCENARIO=file.yaml
set(mpirun ${MPIEXEC} --allow-run-as-root --oversubscribe)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(run run ${SCENARIO} --replications 6 --threads 1)

function(expect_failure name env expected_rc expected_text)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env ${env} ${mpirun} -n 3 ${CCSIM} ${run} ${ARGN}
                          --out ${WORK}/${name} --format json
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(rc EQUAL 0)
    message(FATAL_ERROR "${name}: the job succeeded\n${err}")
  endif()
  if(expected_rc AND NOT rc EQUAL expected_rc)
    message(FATAL_ERROR "${name}: exit ${rc}, expected ${expected_rc}\n${err}")
  endif()
  if(NOT err MATCHES "${expected_text}")
    message(FATAL_ERROR "${name}: stderr does not say '${expected_text}':\n${err}")
  endif()
  if(NOT out STREQUAL "")
    message(FATAL_ERROR "${name}: wrote to stdout:\n${out}")
  endif()
  file(GLOB left ${WORK}/${name}/*)
  if(left)
    message(FATAL_ERROR "${name}: left output files ${left}")
  endif()
  message(STATUS "${name}: exit ${rc}, no output")
endfunction()

expect_failure(throw "CCSIM_TEST_FAIL_RANK=1" "" "internal error on MPI rank 1 of 3: injected failure")
expect_failure(kill "CCSIM_TEST_KILL_RANK=2" "" "rank 2")
expect_failure(bad_input "CCSIM_UNUSED=1" 2 "--set no_such_key=1: error: unknown key" --set no_such_key=1)
