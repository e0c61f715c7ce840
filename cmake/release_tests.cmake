# Release (CI's build, deploy/test.sh) compiles test code at -O0. Test code needs
# no speed (the tests wait on PostgreSQL and the network, not on their own code)
# and makes most of the build's compile time (gtest, gmock and every service
# stub in each file): unoptimised it compiles about a third faster, which a cold
# CI run feels. It also keeps clear of GCC 12's false -Wrestrict /
# -Wstringop-overflow reports inside libstdc++'s inlined string code at -O3 (GCC
# bug 105651), which -Werror would turn into errors. What ships, the libraries
# and binaries, stays at -O3 with -Werror; the tests run against those.
function(usulan_release_tests_unoptimised directory)
  get_property(targets DIRECTORY ${directory} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if((target MATCHES "_tests$" OR directory STREQUAL "${PROJECT_SOURCE_DIR}/tests")
       AND NOT type STREQUAL "UTILITY" AND NOT type STREQUAL "INTERFACE_LIBRARY")
      target_compile_options(${target} PRIVATE $<$<CONFIG:Release>:-O0>)
    endif()
  endforeach()
  get_property(subdirectories DIRECTORY ${directory} PROPERTY SUBDIRECTORIES)
  foreach(subdirectory IN LISTS subdirectories)
    usulan_release_tests_unoptimised(${subdirectory})
  endforeach()
endfunction()
cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL usulan_release_tests_unoptimised
  ${PROJECT_SOURCE_DIR})
