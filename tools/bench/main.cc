// usulan-bench: the load generator. Builds a data set through the real API,
// then drives one workload with N concurrent clients and prints a report.
//
//   usulan-bench --server HOST:PORT --key-file ISSUER.jwk --workload W
//                [--clients N] [--duration S | --count N] [--server-pid PID]
//                [--first-province CODE] [--provinces P] [--kabupaten-per-province K]
//                [--desa-per-kabupaten D] [--households-per-desa H] [--batch-size B]
//   usulan-bench --write-registry FILE.csv [size flags]
//   usulan-bench --server HOST:PORT --key-file F --workload queue-read|history-read
//                --targets FILE [--clients N] [--duration S | --count N] [--server-pid PID]
// TLS (docs/tls.md): --tls-ca-file PEM (USULAN_TLS_CA_FILE), and --tls-cert-file
// and --tls-key-file (USULAN_TLS_CERT_FILE, USULAN_TLS_KEY_FILE) for a server that
// requires client certificates; without a CA, plaintext to a loopback server only.
//
// With --targets the data must exist already (bench/scale.sh generates it): no
// setup, the reads go to the queues and histories the file names (targets.h).
//
// The server must know the data set's people: write its registry CSV with
// --write-registry and load it with `usulan-server load-registry FILE.csv` first.
// A NIK can be in one open proposal only, so each run needs people no earlier
// run used: a fresh database, or --first-province past the earlier runs' ones
// (the registry CSV written for all of them). Workloads: see workloads.h. Exit status 0 after a
// report, 1 when the setup failed, 2 on bad flags.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include "absl/synchronization/mutex.h"
#include "base/key_file.h"
#include "tools/bench/dataset.h"
#include "tools/bench/setup.h"
#include "tools/bench/stats.h"
#include "tools/bench/targets.h"
#include "tools/bench/workloads.h"

namespace {

using namespace usulan::bench;

int Usage(const std::string& problem) {
  std::cerr << "usulan-bench: " << problem << "\n"
            << "usage: usulan-bench --server HOST:PORT --key-file F --workload "
               "submit|deliberate|visit|decide-batch|queue-read|history-read\n"
               "         [--clients N] [--duration S | --count N] [--server-pid PID]\n"
               "         [--first-province CODE] [--provinces P] [--kabupaten-per-province K] "
               "[--desa-per-kabupaten D]\n"
               "         [--households-per-desa H] [--batch-size B]\n"
               "       usulan-bench --write-registry FILE.csv [size flags]\n"
               "       usulan-bench --server HOST:PORT --key-file F --workload "
               "queue-read|history-read --targets FILE\n"
               "         [--clients N] [--duration S | --count N] [--server-pid PID]\n"
               "       TLS: [--tls-ca-file PEM] [--tls-cert-file PEM --tls-key-file PEM]\n";
  return 2;
}

// A flag's value, else the environment variable's, else "".
std::string FlagOrEnv(const std::string& flag_value, const char* env) {
  if (!flag_value.empty()) return flag_value;
  const char* value = std::getenv(env);
  return value == nullptr ? std::string() : std::string(value);
}

bool ParseInt(const std::string& text, int64_t& out) {
  try {
    size_t used = 0;
    out = std::stoll(text, &used);
    return used == text.size();
  } catch (...) {
    return false;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // As in usulan-server: no lock-order graph on every absl::Mutex acquisition.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  std::map<std::string, std::string> flags;
  for (int i = 1; i < argc; ++i) {
    std::string name = argv[i];
    if (name.rfind("--", 0) != 0 || i + 1 >= argc) return Usage("bad argument " + name);
    flags[name] = argv[++i];
  }
  auto integer = [&](const std::string& name, int64_t fallback, int64_t& out) {
    out = fallback;
    auto found = flags.find(name);
    if (found == flags.end()) return true;
    flags.erase(found->first);
    return ParseInt(found->second, out);
  };
  auto text = [&](const std::string& name) {
    auto found = flags.find(name);
    if (found == flags.end()) return std::string();
    std::string value = found->second;
    flags.erase(found);
    return value;
  };

  int64_t first_province, provinces, kabupaten, desa, households, clients, count, pid, batch_size;
  if (!integer("--first-province", 11, first_province) || !integer("--provinces", 1, provinces) ||
      !integer("--kabupaten-per-province", 1, kabupaten) ||
      !integer("--desa-per-kabupaten", 2, desa) ||
      !integer("--households-per-desa", 50, households) || !integer("--clients", 4, clients) ||
      !integer("--count", 0, count) || !integer("--server-pid", 0, pid) ||
      !integer("--batch-size", 100, batch_size)) {
    return Usage("a numeric flag is not a whole number");
  }
  DatasetSize size{static_cast<int>(first_province), static_cast<int>(provinces),
                   static_cast<int>(kabupaten), static_cast<int>(desa),
                   static_cast<int>(households)};
  if (std::string problem = CheckSize(size); !problem.empty()) return Usage(problem);
  Dataset dataset(size);

  if (std::string file = text("--write-registry"); !file.empty()) {
    if (!flags.empty()) return Usage("unknown flag " + flags.begin()->first);
    std::ofstream out(file);
    dataset.WriteRegistryCsv(out);
    out.close();
    if (!out) return Usage("cannot write " + file);
    std::cerr << "usulan-bench: wrote " << dataset.household_count() * 4 << " people of "
              << dataset.household_count() << " households to " << file << "\n";
    return 0;
  }

  const Server server{text("--server"),
                      {FlagOrEnv(text("--tls-ca-file"), "USULAN_TLS_CA_FILE"),
                       FlagOrEnv(text("--tls-cert-file"), "USULAN_TLS_CERT_FILE"),
                       FlagOrEnv(text("--tls-key-file"), "USULAN_TLS_KEY_FILE")}};
  const std::string key_file = text("--key-file");
  const std::string workload_name = text("--workload");
  const std::string duration_text = text("--duration");
  const std::string targets_file = text("--targets");
  if (!flags.empty()) return Usage("unknown flag " + flags.begin()->first);
  if (server.address.empty() || key_file.empty() || workload_name.empty()) {
    return Usage("--server, --key-file and --workload are required");
  }
  if (absl::Status reachable = CheckServer(server); !reachable.ok()) {
    return Usage(std::string(reachable.message()));
  }
  auto workload = ParseWorkload(workload_name);
  if (!workload) return Usage("unknown workload " + workload_name);
  if (clients < 1 || clients > 4096) return Usage("--clients must be 1..4096");
  if (batch_size < 1 || batch_size > 10000) return Usage("--batch-size must be 1..10000");
  RunLimits limits;
  limits.clients = static_cast<int>(clients);
  limits.count = count;
  if (!duration_text.empty()) {
    try {
      limits.duration_s = std::stod(duration_text);
    } catch (...) {
      return Usage("--duration must be seconds");
    }
    if (count > 0) return Usage("give --duration or --count, not both");
  }
  if (count < 0 || limits.duration_s <= 0) return Usage("--count and --duration must be > 0");
  auto key = usulan::base::ReadSecretKeyFile("--key-file", key_file);
  if (!key.ok()) return Usage(std::string(key.status().message()));

  Tokens tokens(*key);
  if (tokens.For(usulan::workflow::Role::kAuditor, "").empty()) {
    return Usage("--key-file must be the issuer's private JWK (usulanctl token keygen)");
  }
  if (!targets_file.empty()) {
    std::ifstream in(targets_file);
    if (!in) return Usage("cannot read " + targets_file);
    auto targets = ReadTargets(in);
    if (!targets.ok()) return Usage(std::string(targets.status().message()));
    Recorder recorder;
    Report report;
    report.workload = workload_name;
    report.clients = limits.clients;
    if (absl::Status run = RunOnTargets(server, *workload, *targets, tokens, limits, recorder,
                                        report);
        !run.ok()) {
      return Usage(std::string(run.message()));
    }
    if (pid > 0) report.server_peak_rss_kb = PeakRssKb(static_cast<int>(pid));
    PrintReport(std::cout, report, recorder);
    return 0;
  }
  Actors actors(dataset, tokens);
  World world;
  std::cerr << "usulan-bench: setting up " << dataset.household_count() << " households in "
            << dataset.desa().size() << " desa for " << workload_name << "\n";
  if (absl::Status setup = Prepare(server, dataset, actors, TargetOf(*workload),
                                   static_cast<int>(batch_size), limits.clients, world);
      !setup.ok()) {
    std::cerr << "usulan-bench: setup failed: " << setup << "\n";
    return 1;
  }

  Recorder recorder;
  Report report;
  report.workload = workload_name;
  report.clients = limits.clients;
  // Profilers attached from outside start their clock on this line.
  std::cerr << "usulan-bench: running " << workload_name << "\n";
  RunWorkload(server, *workload, world, dataset, actors, limits, recorder, report);
  if (pid > 0) report.server_peak_rss_kb = PeakRssKb(static_cast<int>(pid));
  PrintReport(std::cout, report, recorder);
  return 0;
}
