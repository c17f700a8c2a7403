# raycloud_aws_models: the AWS operations raycloud calls, embedded from botocore's service
# models at build time (scripts/gen_aws_models.py), one generated .cc per service.
set(_models_ops ${CMAKE_CURRENT_LIST_DIR}/operations.txt)
set(_models_script ${PROJECT_SOURCE_DIR}/scripts/gen_aws_models.py)
set(_models_out ${CMAKE_CURRENT_BINARY_DIR}/aws_models)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_models_ops})

execute_process(
  COMMAND ${Python3_EXECUTABLE} -c "import botocore, os; print(os.path.dirname(botocore.__file__))"
  OUTPUT_VARIABLE _botocore_dir OUTPUT_STRIP_TRAILING_WHITESPACE
  RESULT_VARIABLE _botocore_rc)
if(NOT _botocore_rc EQUAL 0)
  message(FATAL_ERROR "raycloud embeds AWS models from botocore: install it (pip install botocore)")
endif()

# One generated source per service named in operations.txt, plus the lookup table. The
# service's botocore model files are dependencies, so a botocore upgrade regenerates.
file(STRINGS ${_models_ops} _models_lines REGEX "^[a-z0-9-]+:")
set(_models_sources ${_models_out}/embedded_models.cc)
set(_models_inputs)
foreach(line IN LISTS _models_lines)
  string(REGEX REPLACE ":.*" "" service "${line}")
  string(REPLACE "-" "_" ident "${service}")
  list(APPEND _models_sources ${_models_out}/${ident}_model.cc)
  file(GLOB _service_files ${_botocore_dir}/data/${service}/*/service-2.json.gz
       ${_botocore_dir}/data/${service}/*/paginators-1.json
       ${_botocore_dir}/data/${service}/*/waiters-2.json)
  list(APPEND _models_inputs ${_service_files})
endforeach()

add_custom_command(
  OUTPUT ${_models_sources}
  COMMAND ${Python3_EXECUTABLE} ${_models_script} --operations ${_models_ops}
          --out-dir ${_models_out} --botocore-data ${_botocore_dir}/data
  DEPENDS ${_models_script} ${_models_ops} ${_models_inputs}
  COMMENT "Embedding AWS service models from botocore"
  VERBATIM)

add_library(raycloud_aws_models STATIC ${_models_sources})
target_include_directories(raycloud_aws_models PUBLIC ${PROJECT_SOURCE_DIR}/src)
