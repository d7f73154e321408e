# Installs the ccsim build tree into PREFIX, then builds and runs the consumer in SOURCE_DIR
# against it with find_package(ccsim); then builds it once more against the build tree itself
# (-Dccsim_DIR=<build dir>, the package that export() writes there).
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}")
  endif()
endfunction()

file(REMOVE_RECURSE ${PREFIX} ${BUILD_DIR})
run(${CMAKE_COMMAND} --install ${CCSIM_BINARY_DIR} --prefix ${PREFIX})
run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BUILD_DIR} -G ${GENERATOR}
    -DCMAKE_BUILD_TYPE=${BUILD_TYPE} -DCMAKE_PREFIX_PATH=${PREFIX})
run(${CMAKE_COMMAND} --build ${BUILD_DIR})
run(${BUILD_DIR}/consumer)

file(REMOVE_RECURSE ${BUILD_DIR}-tree)
run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BUILD_DIR}-tree -G ${GENERATOR}
    -DCMAKE_BUILD_TYPE=${BUILD_TYPE} -Dccsim_DIR=${CCSIM_BINARY_DIR})
run(${CMAKE_COMMAND} --build ${BUILD_DIR}-tree)
run(${BUILD_DIR}-tree/consumer)
