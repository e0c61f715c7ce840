# Release (CI's build, deploy/test.sh) compiles test code at -O2: at -O3, GCC 12
# reports false -Wrestrict / -Wstringop-overflow warnings inside libstdc++'s
# inlined string code in the tests (GCC bug 105651), which -Werror would turn into
# errors. What ships, the libraries and binaries, stays at -O3 with -Werror; the
# tests still run against those -O3 libraries.
function(usulan_release_tests_at_o2 directory)
  get_property(targets DIRECTORY ${directory} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if((target MATCHES "_tests$" OR directory STREQUAL "${PROJECT_SOURCE_DIR}/tests")
       AND NOT type STREQUAL "UTILITY" AND NOT type STREQUAL "INTERFACE_LIBRARY")
      target_compile_options(${target} PRIVATE $<$<CONFIG:Release>:-O2>)
    endif()
  endforeach()
  get_property(subdirectories DIRECTORY ${directory} PROPERTY SUBDIRECTORIES)
  foreach(subdirectory IN LISTS subdirectories)
    usulan_release_tests_at_o2(${subdirectory})
  endforeach()
endfunction()
cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL usulan_release_tests_at_o2 ${PROJECT_SOURCE_DIR})
