# Sanitizer builds (deploy/sanitize.sh, docs/sanitizers.md). USULAN_SANITIZE lists
# the sanitizers of this build directory: "address;undefined" or "thread"; empty
# (the default) leaves the normal build untouched. Everything we compile is
# instrumented, so the binaries the tests start as child processes are too.
set(USULAN_SANITIZE "" CACHE STRING
  "Sanitizers for this build: empty, \"address;undefined\" or \"thread\"")

if(USULAN_SANITIZE)
  if("thread" IN_LIST USULAN_SANITIZE AND "address" IN_LIST USULAN_SANITIZE)
    message(FATAL_ERROR "USULAN_SANITIZE: thread and address cannot share a build")
  endif()
  list(JOIN USULAN_SANITIZE "," usulan_sanitizers)
  set(usulan_sanitize_flags -fsanitize=${usulan_sanitizers} -fno-omit-frame-pointer)
  if(NOT "thread" IN_LIST USULAN_SANITIZE)
    # A report stops the test that made it, so ctest cannot pass over it.
    list(APPEND usulan_sanitize_flags -fno-sanitize-recover=all)
  endif()
  add_compile_options(${usulan_sanitize_flags})
  add_link_options(${usulan_sanitize_flags})
  # Cheaper to compile than RelWithDebInfo's -O2 -g (CI builds these trees from a
  # cold cache): -O1 keeps stacks faithful and is what the sanitizers' authors
  # advise; -g1 keeps function names and line numbers, all a report needs. Added
  # after the build type's flags on the command line, so these win.
  add_compile_options(-O1 -g1)
endif()

# GCC 12's <regex> yields -Wmaybe-uninitialized false positives inside libstdc++
# once instrumented (GCC's manual advises against -Werror with sanitizers). The
# normal and Release builds keep the warning an error; here it stays a warning,
# only for the folders that use std::regex.
function(usulan_sanitize_relax_regex_warnings)
  foreach(folder server tests)
    get_property(targets DIRECTORY ${PROJECT_SOURCE_DIR}/${folder} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(target IN LISTS targets)
      get_target_property(type ${target} TYPE)
      if(NOT type STREQUAL "UTILITY")
        target_compile_options(${target} PRIVATE -Wno-error=maybe-uninitialized)
      endif()
    endforeach()
  endforeach()
endfunction()
if(USULAN_SANITIZE)
  cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL usulan_sanitize_relax_regex_warnings)
endif()
