# One static library per layer: every .cc in src/<layer>/ (recursively), linking only downward.
function(raycloud_layer name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${name}/*.cc)
  if(sources)
    add_library(raycloud_${name} STATIC ${sources})
    target_include_directories(raycloud_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(raycloud_${name} PUBLIC ${ARG_DEPS})
  else()
    # A layer with no code yet still links, so the layers above it need not change.
    add_library(raycloud_${name} INTERFACE)
    target_include_directories(raycloud_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(raycloud_${name} INTERFACE ${ARG_DEPS})
  endif()
endfunction()

# One test binary per folder of tests/: every .cc in it, linked with gtest_main unless the
# folder brings its own main (main.cc).
function(raycloud_test_dir name)
  cmake_parse_arguments(ARG "" "" "DEPS;LABELS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${name}/*.cc)
  if(NOT sources)
    return()
  endif()
  string(REPLACE "/" "_" target ${name})
  add_executable(${target}_tests ${sources})
  target_include_directories(${target}_tests PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(${target}_tests PRIVATE
    RAYCLOUD_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    RAYCLOUD_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${name}/main.cc)
    target_link_libraries(${target}_tests PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock)
  else()
    target_link_libraries(${target}_tests PRIVATE ${ARG_DEPS} GTest::gtest_main GTest::gmock)
  endif()
  set(labels ${ARG_LABELS})
  if(NOT labels)
    set(labels unit)
  endif()
  gtest_discover_tests(${target}_tests DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${labels}")
endfunction()
