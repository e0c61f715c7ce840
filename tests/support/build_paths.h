// Where this build's files are: the repository (README.md, docs/, proto/, the
// deploy/ scripts) and the binaries that tests start as child processes.
//
// Functions, not compile definitions: a path in a compile command differs from
// clone to clone, and ccache misses every file compiled with one in a new clone
// (CI builds a fresh one). The paths live in one small file that CMake
// generates (build_paths.cc, tests/CMakeLists.txt), so the tests that need them
// compile the same in every clone. Thread-safe: they only return constants.
#pragma once

#include <string>

namespace usulan::testing {

std::string SourceDir();          // the repository root
std::string ProtoDir();           // SourceDir()/proto
std::string ServerBinary();       // usulan-server of this build
std::string RegistrySimBinary();  // usulan-registry-sim of this build
std::string RecorderBinary();     // usulan-recorder of this build

}  // namespace usulan::testing
