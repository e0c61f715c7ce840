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
endif()
